//! Every word the rater's pages show, in Chinese and English: fixed texts as the fields of
//! [`Words`], and the sentences that take a name or a number as functions.

use yardstick_core::Lang;
use yardstick_store::{CycleState, ResponseStatus};

/// The fixed texts of the pages in one language.
pub(crate) struct Words {
    /// The `lang` attribute of the page.
    pub html_lang: &'static str,
    /// What the list asks of the rater.
    pub instruction: &'static str,
    /// Said when the rater has nobody to rate.
    pub nobody: &'static str,
    /// The list's heading.
    pub assessees: &'static str,
    /// The link back to the list.
    pub back: &'static str,
    /// Before the relationship.
    pub relationship: &'static str,
    /// The heading of the scale's explanation.
    pub scale: &'static str,
    /// The N/A choice.
    pub na: &'static str,
    /// What N/A means.
    pub na_means: &'static str,
    /// Before the count of answered items.
    pub answered: &'static str,
    /// The comment box's label.
    pub comment: &'static str,
    /// The draft button.
    pub save_draft: &'static str,
    /// The submit button.
    pub submit: &'static str,
    /// Above the problems of a form that was not saved.
    pub problems: &'static str,
    /// The title of the page for an unknown link.
    pub not_found_title: &'static str,
    /// What that page says.
    pub not_found: &'static str,
    /// The title of a page saying a response could not be saved.
    pub not_saved_title: &'static str,
    /// The title of a page saying something failed.
    pub failed_title: &'static str,
    /// The link of a message page to the list.
    pub to_list: &'static str,
    /// The name of the product, after every title.
    pub product: &'static str,
}

const ZH: Words = Words {
    html_lang: "zh-CN",
    instruction: "请逐一评价下列人员。可以先保存草稿,稍后继续;提交后不能再修改。",
    nobody: "目前没有需要您评价的人员。",
    assessees: "需要您评价的人员",
    back: "← 返回列表",
    relationship: "评价关系:",
    scale: "评分标准",
    na: "无法评价",
    na_means: "不了解或没有观察到",
    answered: "已回答",
    comment: "评语(可选)",
    save_draft: "保存草稿",
    submit: "提交",
    problems: "还不能保存,请修改下列问题(您填写的内容仍在本页):",
    not_found_title: "链接无效",
    not_found: "这个评价链接无效。请使用 HR 发给您的完整链接;如果仍然打不开,请联系 HR。",
    not_saved_title: "未能保存",
    failed_title: "出错了",
    to_list: "返回评价列表",
    product: "360度评估",
};

const EN: Words = Words {
    html_lang: "en",
    instruction: "Please rate each person below. You can save a draft and come back later; \
                  once submitted, a response cannot be changed.",
    nobody: "There is nobody for you to rate at the moment.",
    assessees: "People to rate",
    back: "← Back to the list",
    relationship: "Relationship: ",
    scale: "Rating scale",
    na: "N/A",
    na_means: "you do not know, or have not seen it",
    answered: "Answered",
    comment: "Comment (optional)",
    save_draft: "Save draft",
    submit: "Submit",
    problems: "Not saved yet: please fix the problems below (your answers are still on this page).",
    not_found_title: "Link not valid",
    not_found: "This rating link is not valid. Please use the whole link HR sent you; \
                if it still does not open, contact HR.",
    not_saved_title: "Not saved",
    failed_title: "Something went wrong",
    to_list: "Back to the list",
    product: "360° assessment",
};

impl Words {
    /// The texts in `lang`.
    pub(crate) fn of(lang: Lang) -> &'static Words {
        match lang {
            Lang::Zh => &ZH,
            Lang::En => &EN,
        }
    }
}

/// The greeting of the list.
pub(crate) fn hello(lang: Lang, name: &str) -> String {
    match lang {
        Lang::Zh => format!("{name},您好!"),
        Lang::En => format!("Hello, {name}."),
    }
}

/// How many responses are submitted, e.g. `已提交 3/5`.
pub(crate) fn progress(lang: Lang, submitted: usize, total: usize) -> String {
    format!("{} {submitted}/{total}", lang.pick("已提交", "Submitted"))
}

/// A response's status as the list shows it.
pub(crate) fn status(lang: Lang, status: ResponseStatus) -> &'static str {
    match status {
        ResponseStatus::Pending => lang.pick("未开始", "not started"),
        ResponseStatus::Draft => lang.pick("草稿", "draft"),
        ResponseStatus::Submitted => lang.pick("已提交", "submitted"),
    }
}

/// The confirmation after saving the response about `name`, now in `status`.
pub(crate) fn saved(lang: Lang, status: ResponseStatus, name: &str) -> String {
    match (status, lang) {
        (ResponseStatus::Submitted, Lang::Zh) => format!("已提交对{name}的评价,谢谢!"),
        (ResponseStatus::Submitted, Lang::En) => {
            format!("Submitted your response about {name}. Thank you!")
        }
        (_, Lang::Zh) => format!("已保存草稿:对{name}的评价。提交前仍可修改。"),
        (_, Lang::En) => {
            format!("Draft saved: your response about {name}. You can still change it.")
        }
    }
}

/// Why nothing can be answered now, or `None` while the cycle is open.
pub(crate) fn cycle_not_open(lang: Lang, state: CycleState) -> Option<&'static str> {
    match state {
        CycleState::Open => None,
        CycleState::Draft => Some(lang.pick(
            "本次考评尚未开始,暂时不能填写。",
            "This cycle is not open yet: answers cannot be given now.",
        )),
        CycleState::Closed | CycleState::Published => Some(lang.pick(
            "本次考评已结束,不能再填写或修改。",
            "This cycle is not open any more: answers can no longer be given or changed.",
        )),
    }
}

/// Said about a submitted response.
pub(crate) fn submitted_note(lang: Lang) -> &'static str {
    lang.pick(
        "该评价已提交,不能再修改。如需修改,请联系 HR 重新开放。",
        "This response has been submitted and can no longer be changed. Only HR can reopen it.",
    )
}

/// What happens to items left unanswered.
pub(crate) fn unanswered_note(lang: Lang, allow_na: bool) -> &'static str {
    if allow_na {
        lang.pick(
            "未作答的项目按“无法评价”处理。提交后不能再修改。",
            "Items left unanswered count as N/A. Once submitted, a response cannot be changed.",
        )
    } else {
        lang.pick(
            "提交前须回答每一项。提交后不能再修改。",
            "Every item must be answered before submitting. Once submitted, a response cannot be changed.",
        )
    }
}

/// A scale label of the model in `lang`: the default labels (很差 … 优秀) have English
/// names; any other label is the model's own text.
pub(crate) fn scale_label(lang: Lang, label: &str) -> &str {
    if lang == Lang::Zh {
        return label;
    }
    match label {
        "很差" => "very poor",
        "较差" => "poor",
        "一般" => "fair",
        "良好" => "good",
        "优秀" => "excellent",
        other => other,
    }
}

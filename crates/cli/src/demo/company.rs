//! The demo company (物业服务企业): a general manager (总经理) over three property projects
//! (管理处), each run by a project manager (项目经理) with three or four supervisors (主管)
//! and their staff; sixty people with plausible Chinese names, and the homeowners (业主) who
//! rate the project managers and some supervisors. Everything comes from a fixed seed.

use std::collections::HashSet;

use yardstick_core::Relationship;
use yardstick_formats::people::PersonRow;
use yardstick_store::{NewAssignment, RaterChoice};

use super::rng::{Rng, SEED};

/// The general manager's department.
pub const HEAD_OFFICE: &str = "公司总部";

/// A supervisor's team: the supervisor's title and the staff below them (title, headcount).
struct Team {
    supervisor: &'static str,
    staff: &'static [(&'static str, usize)],
}

/// A property project: its office (the department), the prefix of its employee ids, its teams.
struct Project {
    department: &'static str,
    prefix: &'static str,
    teams: &'static [Team],
}

const PROJECTS: [Project; 3] = [
    Project {
        department: "翠湖花园管理处",
        prefix: "CH",
        teams: &[
            Team {
                supervisor: "客服主管",
                staff: &[("客服专员", 3)],
            },
            Team {
                supervisor: "工程主管",
                staff: &[("维修工", 4)],
            },
            Team {
                supervisor: "秩序主管",
                staff: &[("秩序维护员", 5)],
            },
            Team {
                supervisor: "环境主管",
                staff: &[("保洁员", 4)],
            },
        ],
    },
    Project {
        department: "锦绣华庭管理处",
        prefix: "JX",
        teams: &[
            Team {
                supervisor: "客服主管",
                staff: &[("客服专员", 3)],
            },
            Team {
                supervisor: "工程主管",
                staff: &[("维修工", 3)],
            },
            Team {
                supervisor: "秩序主管",
                staff: &[("秩序维护员", 4)],
            },
            Team {
                supervisor: "环境主管",
                staff: &[("保洁员", 3), ("绿化工", 1)],
            },
        ],
    },
    // Cleaning here is contracted out, so the project has no environment supervisor.
    Project {
        department: "滨江一号管理处",
        prefix: "BJ",
        teams: &[
            Team {
                supervisor: "客服主管",
                staff: &[("客服专员", 3)],
            },
            Team {
                supervisor: "工程主管",
                staff: &[("维修工", 3), ("电工", 1)],
            },
            Team {
                supervisor: "秩序主管",
                staff: &[("秩序维护员", 6), ("消防监控员", 2)],
            },
        ],
    },
];

const SURNAMES: [&str; 60] = [
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "林", "罗", "高", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾",
    "田", "董", "潘", "袁", "蔡", "蒋", "余", "于", "杜", "叶", "程", "魏", "苏", "吕", "丁", "任",
    "卢", "姚", "沈", "钟", "姜", "崔", "谭", "陆", "范", "汪", "廖", "石",
];

const GIVEN_NAMES: [&str; 64] = [
    "伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟",
    "涛", "明", "超", "秀兰", "霞", "平", "刚", "桂英", "建华", "文", "辉", "玲", "华", "红",
    "志强", "海燕", "晓东", "丹", "鹏", "斌", "宇", "浩", "凯", "婷", "雪", "琳", "欣怡", "国栋",
    "春梅", "振华", "立新", "建国", "小龙", "晓峰", "雅琴", "美玲", "俊杰", "文博", "思远", "嘉怡",
    "家豪", "慧敏", "宏伟", "永刚", "红梅", "建军", "丽娟", "志华", "海涛",
];

/// Unique names from the fixed seed.
struct Names {
    rng: Rng,
    used: HashSet<String>,
}

impl Names {
    fn next(&mut self) -> String {
        loop {
            let name = format!(
                "{}{}",
                self.rng.pick(&SURNAMES),
                self.rng.pick(&GIVEN_NAMES)
            );
            if self.used.insert(name.clone()) {
                return name;
            }
        }
    }
}

fn phone(rng: &mut Rng) -> String {
    let prefix = rng.pick(&["138", "139", "136", "158", "186", "135", "177"]);
    format!("{prefix}{:08}", rng.next_u64() % 100_000_000)
}

/// The sixty people of the demo company, superiors before the people below them.
pub fn people() -> Vec<PersonRow> {
    let mut names = Names {
        rng: Rng::new(SEED),
        used: HashSet::new(),
    };
    let mut phones = Rng::new(SEED ^ 0x5eed);
    let mut rows = Vec::new();
    let mut add = |id: String, department: &str, title: &str, superior: Option<&str>| {
        rows.push(PersonRow {
            row: rows.len() as u64 + 2,
            id: id.clone(),
            name: names.next(),
            department: department.to_string(),
            title: title.to_string(),
            superior: superior.map(str::to_string),
            email: None,
            phone: Some(phone(&mut phones)),
        });
        id
    };
    let gm = add("HQ001".into(), HEAD_OFFICE, "总经理", None);
    for project in &PROJECTS {
        let mut number = 0;
        let mut next_id = || {
            number += 1;
            format!("{}{number:03}", project.prefix)
        };
        let manager = add(next_id(), project.department, "项目经理", Some(&gm));
        for team in project.teams {
            let supervisor = add(
                next_id(),
                project.department,
                team.supervisor,
                Some(&manager),
            );
            for (title, count) in team.staff {
                for _ in 0..*count {
                    add(next_id(), project.department, title, Some(&supervisor));
                }
            }
        }
    }
    rows
}

/// The assessees of the demo cycle: the project managers and the supervisors.
pub fn assessees(people: &[PersonRow]) -> Vec<String> {
    people
        .iter()
        .filter(|p| p.title == "项目经理" || p.title.ends_with("主管"))
        .map(|p| p.id.clone())
        .collect()
}

/// The homeowners (业主) who rate, as customers: five per project manager, three per
/// customer-service supervisor (two of whom also rate the project manager, so their link
/// covers both), and a few for other supervisors — some too few to be shown alone, so the
/// results show pooling and responses set aside.
pub fn customers(people: &[PersonRow]) -> Vec<NewAssignment> {
    let mut rng = Rng::new(SEED ^ 0xc0ffee);
    let mut out = Vec::new();
    for project in &PROJECTS {
        let in_project = |title: &str| {
            people
                .iter()
                .find(|p| p.department == project.department && p.title == title)
                .map(|p| p.id.clone())
        };
        let mut homes = HashSet::new();
        let mut owners: Vec<RaterChoice> = Vec::new();
        while owners.len() < 6 {
            let building = 1 + rng.below(12);
            let floor = 2 + rng.below(28);
            let unit = 1 + rng.below(4);
            let name = format!("业主-{building}栋{floor}{unit:02}");
            if homes.insert(name.clone()) {
                owners.push(RaterChoice::External {
                    name,
                    phone: Some(phone(&mut rng)),
                });
            }
        }
        let mut rate = |owner: usize, assessee: &Option<String>| {
            if let Some(assessee) = assessee {
                out.push(NewAssignment {
                    rater: owners[owner].clone(),
                    assessee: assessee.clone(),
                    relationship: Relationship::Customer,
                });
            }
        };
        let manager = in_project("项目经理");
        for owner in 0..5 {
            rate(owner, &manager);
        }
        let service = in_project("客服主管");
        for owner in [0, 1, 5] {
            rate(owner, &service);
        }
        match project.prefix {
            "CH" => rate(4, &in_project("环境主管")),
            "JX" => {
                let security = in_project("秩序主管");
                rate(2, &security);
                rate(3, &security);
            }
            _ => {
                let engineering = in_project("工程主管");
                rate(5, &engineering);
                rate(2, &engineering);
            }
        }
    }
    out
}

/// The demo cycle's privacy notice to homeowners (个人信息保护法: what is kept and why).
pub const PRIVACY_NOTICE: &str = "本次评估由物业服务中心组织,用于了解项目经理的服务表现。\n\
我们只保存您的姓名、联系电话和您的评价,用于本次评估的统计;您的评价与其他业主的评价合并后才会出现在报告中,被评价人看不到是谁评的。\n\
如需查看或删除您的信息,或有其他疑问,请联系物业服务中心。";

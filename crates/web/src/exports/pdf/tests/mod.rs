//! The layout: lines broken between Chinese characters and at Latin spaces within the
//! width, tables continued on new pages under their head, page numbers, and the glyph check.

use super::doc::{Op, Page, check};
use super::flow::{Align, Col, Flow, WIDTH, lines};
use super::{PdfError, font};
use yardstick_core::Lang;

fn texts(page: &Page) -> Vec<&str> {
    page.ops
        .iter()
        .filter_map(|op| match op {
            Op::Text { text, .. } => Some(text.as_str()),
            Op::Shape { .. } => None,
        })
        .collect()
}

#[test]
fn long_chinese_breaks_between_any_two_characters_and_latin_at_spaces() {
    let text = "有同情心,站在客户角度理解客户需求,".repeat(12);
    let broken = lines(&text, 10.0, 200.0);
    assert!(broken.len() > 4);
    assert_eq!(broken.concat(), text);
    for line in &broken {
        assert!(font::width(line, 10.0) <= 200.0 + 0.01, "{line}");
        // Closing punctuation never starts a line.
        assert!(!line.starts_with(','), "{line}");
    }
    let latin = "Listens to residents and follows up every complaint until it is resolved";
    let broken = lines(latin, 10.0, 120.0);
    assert!(broken.len() > 2);
    assert_eq!(broken.join(" "), latin);
    for line in &broken {
        assert!(font::width(line, 10.0) <= 120.0 + 0.01, "{line}");
    }
}

#[test]
fn a_long_table_goes_on_over_pages_under_its_head_and_every_page_is_numbered() {
    let mut f = Flow::new();
    f.title("标题");
    let rows: Vec<Vec<String>> = (0..120)
        .map(|i| vec![format!("第{i}行"), format!("{i}.00")])
        .collect();
    f.table(
        &[Col(3.0, Align::Left), Col(1.0, Align::Right)],
        &["名称".to_string(), "得分".to_string()],
        &rows,
    );
    let pages = f.finish(Lang::Zh, "页脚");
    assert!(pages.len() >= 3, "{} pages", pages.len());
    let count = pages.len();
    for (i, page) in pages.iter().enumerate() {
        let words = texts(page);
        assert_eq!(
            words.iter().filter(|w| **w == "名称").count(),
            1,
            "page {i}"
        );
        let number = format!("第 {} 页,共 {count} 页", i + 1);
        assert!(words.contains(&number.as_str()), "{words:?}");
        assert!(words.contains(&"页脚"));
    }
    // Every row once, in order.
    let all: Vec<&str> = pages
        .iter()
        .flat_map(texts)
        .filter(|w| w.starts_with('第') && w.ends_with('行'))
        .collect();
    assert_eq!(all.len(), 120);
    assert_eq!(all[119], "第119行");
    // A right-aligned cell ends at the column's right edge, less its padding.
    let right = pages[0].ops.iter().find_map(|op| match op {
        Op::Text { x, text, size, .. } if text == "0.00" => Some(x + font::width(text, *size)),
        _ => None,
    });
    let edge = 42.0 + WIDTH - 4.0;
    assert!((right.unwrap() - edge).abs() < 0.01);
}

#[test]
fn the_glyph_check_names_the_first_character_the_font_lacks() {
    let mut f = Flow::new();
    f.paragraph("正常的文字");
    f.paragraph("表情\u{1F642}与\u{E001}");
    let pages = f.finish(Lang::En, "footer");
    assert_eq!(
        check(&pages),
        Err(PdfError::MissingGlyph {
            character: '\u{1F642}',
            text: "表情\u{1F642}与\u{E001}".to_string()
        })
    );
    let mut f = Flow::new();
    f.paragraph("控制\u{1}字符\u{7f}被去掉\t保留空格");
    let pages = f.finish(Lang::En, "footer");
    assert_eq!(check(&pages), Ok(()));
    assert!(texts(&pages[0]).contains(&"控制字符被去掉 保留空格"));
}

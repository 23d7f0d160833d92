//! The charts of `crate::charts` drawn into a PDF: a renderer for exactly the SVG those
//! functions write — `svg` with a `viewBox`, `g`, `rect`, `line`, `polyline`, `polygon`,
//! `circle`, `path` (`M`, `L`, `H`, `V`, `Z`), `text` and `tspan` (`x`, `y`, `dx`, `dy`,
//! `text-anchor`, `font-size`, `font-weight`), the presentation attributes `fill`,
//! `fill-opacity`, `stroke`, `stroke-width`, `stroke-dasharray`, `stroke-linejoin`,
//! `stroke-opacity`, `opacity` and `paint-order`, and the classes that the stylesheet
//! colours (`app.css`: series, bars by scoring group, heat-map shades), resolved here with
//! the same colours. Text stays text, in the embedded font.
//!
//! Anything else is refused with [`SvgError`] rather than drawn wrongly: a chart that starts
//! using more of SVG fails the tests here until the renderer learns it.

use super::doc::{Line, Op, Rgb, Seg};
use super::font;

/// Why a chart cannot be drawn.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum SvgError {
    /// The markup is not well-formed.
    #[error("malformed SVG at byte {0}")]
    Malformed(usize),
    /// An element, attribute value or path command this renderer does not draw.
    #[error("unsupported SVG: {0}")]
    Unsupported(String),
}

/// An element of the markup.
#[derive(Clone, Debug, PartialEq)]
struct Element {
    name: String,
    attrs: Vec<(String, String)>,
    children: Vec<Node>,
}

#[derive(Clone, Debug, PartialEq)]
enum Node {
    Element(Element),
    Text(String),
}

impl Element {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    fn number(&self, name: &str) -> Result<Option<f32>, SvgError> {
        self.attr(name).map(|v| number(name, v)).transpose()
    }

    fn number_or_zero(&self, name: &str) -> Result<f32, SvgError> {
        Ok(self.number(name)?.unwrap_or(0.0))
    }
}

fn number(name: &str, value: &str) -> Result<f32, SvgError> {
    let v = value.trim();
    let v = v.strip_suffix("px").unwrap_or(v);
    v.parse::<f32>()
        .ok()
        .filter(|x| x.is_finite())
        .ok_or_else(|| SvgError::Unsupported(format!("{name}={value:?}")))
}

/// Replaces the five named entities and numeric character references.
fn unescape(text: &str, at: usize) -> Result<String, SvgError> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let tail = &rest[i + 1..];
        let end = tail.find(';').ok_or(SvgError::Malformed(at))?;
        let name = &tail[..end];
        let c = match name {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            n if n.starts_with("#x") => u32::from_str_radix(&n[2..], 16)
                .ok()
                .and_then(char::from_u32)
                .ok_or(SvgError::Malformed(at))?,
            n if n.starts_with('#') => n[1..]
                .parse::<u32>()
                .ok()
                .and_then(char::from_u32)
                .ok_or(SvgError::Malformed(at))?,
            _ => return Err(SvgError::Malformed(at)),
        };
        out.push(c);
        rest = &tail[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// Parses the one root element of `svg`.
fn parse(svg: &str) -> Result<Element, SvgError> {
    let mut stack: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    let mut i = 0;
    let bytes = svg.as_bytes();
    while i < svg.len() {
        if bytes[i] == b'<' {
            let rest = &svg[i..];
            if rest.starts_with("<!--") {
                let end = rest.find("-->").ok_or(SvgError::Malformed(i))?;
                i += end + 3;
                continue;
            }
            if rest.starts_with("<?") {
                let end = rest.find("?>").ok_or(SvgError::Malformed(i))?;
                i += end + 2;
                continue;
            }
            if let Some(close) = rest.strip_prefix("</") {
                let end = close.find('>').ok_or(SvgError::Malformed(i))?;
                let name = close[..end].trim();
                let done = stack.pop().ok_or(SvgError::Malformed(i))?;
                if done.name != name {
                    return Err(SvgError::Malformed(i));
                }
                match stack.last_mut() {
                    Some(parent) => parent.children.push(Node::Element(done)),
                    None => root = Some(done),
                }
                i += 2 + end + 1;
                continue;
            }
            let tag_end = find_tag_end(rest).ok_or(SvgError::Malformed(i))?;
            let inner = &rest[1..tag_end];
            let (inner, empty) = match inner.strip_suffix('/') {
                Some(s) => (s, true),
                None => (inner, false),
            };
            let element = start_tag(inner, i)?;
            i += tag_end + 1;
            if empty {
                match stack.last_mut() {
                    Some(parent) => parent.children.push(Node::Element(element)),
                    None => root = Some(element),
                }
            } else {
                stack.push(element);
            }
        } else {
            let end = svg[i..].find('<').map_or(svg.len(), |e| i + e);
            let text = unescape(&svg[i..end], i)?;
            if let Some(parent) = stack.last_mut() {
                parent.children.push(Node::Text(text));
            } else if !text.trim().is_empty() {
                return Err(SvgError::Malformed(i));
            }
            i = end;
        }
    }
    if !stack.is_empty() {
        return Err(SvgError::Malformed(svg.len()));
    }
    root.ok_or(SvgError::Malformed(0))
}

/// The index of the `>` that ends the tag starting `rest`, outside quoted values.
fn find_tag_end(rest: &str) -> Option<usize> {
    let mut quote: Option<char> = None;
    for (i, c) in rest.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '>') => return Some(i),
            _ => {}
        }
    }
    None
}

fn start_tag(inner: &str, at: usize) -> Result<Element, SvgError> {
    let inner = inner.trim();
    let name_end = inner.find(char::is_whitespace).unwrap_or(inner.len());
    let name = inner[..name_end].to_string();
    if name.is_empty() {
        return Err(SvgError::Malformed(at));
    }
    let mut attrs = Vec::new();
    let mut rest = inner[name_end..].trim_start();
    while !rest.is_empty() {
        let eq = rest.find('=').ok_or(SvgError::Malformed(at))?;
        let key = rest[..eq].trim().to_string();
        let after = rest[eq + 1..].trim_start();
        let quote = after.chars().next().ok_or(SvgError::Malformed(at))?;
        if quote != '"' && quote != '\'' {
            return Err(SvgError::Malformed(at));
        }
        let close = after[1..].find(quote).ok_or(SvgError::Malformed(at))?;
        attrs.push((key, unescape(&after[1..1 + close], at)?));
        rest = after[close + 2..].trim_start();
    }
    Ok(Element {
        name,
        attrs,
        children: Vec::new(),
    })
}

/// The colours that `app.css` gives the charts' classes (`.chart .series.self`, …), which
/// take precedence over the presentation attributes as they do in the page. Each entry: the
/// classes an element must have, the colour, whether it sets the fill and the stroke.
pub(super) const CLASS_COLOURS: [(&[&str], &str, bool, bool); 15] = [
    (&["series", "others"], "#0b57d0", true, true),
    (&["series", "self"], "#c2410c", true, true),
    (&["series", "mean"], "#57606a", true, true),
    (&["series", "trend"], "#0b57d0", true, true),
    (&["bar", "g-superior"], "#1d4ed8", true, false),
    (&["bar", "g-peer"], "#0891b2", true, false),
    (&["bar", "g-subordinate"], "#7c3aed", true, false),
    (&["bar", "g-customer"], "#15803d", true, false),
    (&["bar", "g-pooled"], "#475569", true, false),
    (&["bar", "g-self"], "#c2410c", true, false),
    (&["heat-0"], "#f6f8fa", true, false),
    (&["heat-1"], "#dbe9fb", true, false),
    (&["heat-2"], "#b3d1f7", true, false),
    (&["heat-3"], "#7fb0ee", true, false),
    (&["heat-4"], "#4a8ae0", true, false),
];

#[derive(Clone, Copy, Debug, PartialEq)]
enum Anchor {
    Start,
    Middle,
    End,
}

/// The computed style of an element: inherited, then its attributes, then its classes.
#[derive(Clone, Debug)]
struct Style {
    fill: Option<Rgb>,
    fill_opacity: f32,
    stroke: Option<Rgb>,
    stroke_opacity: f32,
    stroke_width: f32,
    dash: Vec<f32>,
    round: bool,
    opacity: f32,
    font_size: f32,
    anchor: Anchor,
    bold: bool,
    stroke_under: bool,
}

impl Default for Style {
    fn default() -> Style {
        Style {
            fill: Some(Rgb(0, 0, 0)),
            fill_opacity: 1.0,
            stroke: None,
            stroke_opacity: 1.0,
            stroke_width: 1.0,
            dash: Vec::new(),
            round: false,
            opacity: 1.0,
            font_size: 16.0,
            anchor: Anchor::Start,
            bold: false,
            stroke_under: false,
        }
    }
}

fn paint(name: &str, value: &str) -> Result<Option<Rgb>, SvgError> {
    match value.trim() {
        "none" => Ok(None),
        "black" => Ok(Some(Rgb(0, 0, 0))),
        "white" => Ok(Some(Rgb(255, 255, 255))),
        v => Rgb::parse(v)
            .map(Some)
            .ok_or_else(|| SvgError::Unsupported(format!("{name}={value:?}"))),
    }
}

/// The attributes that only say what an element is, not how it looks.
const INERT: [&str; 12] = [
    "xmlns",
    "class",
    "viewBox",
    "width",
    "height",
    "role",
    "aria-label",
    "x",
    "y",
    "dx",
    "dy",
    "points",
];

impl Style {
    fn child(&self, e: &Element) -> Result<Style, SvgError> {
        let mut s = self.clone();
        for (name, value) in &e.attrs {
            match name.as_str() {
                "fill" => s.fill = paint(name, value)?,
                "stroke" => s.stroke = paint(name, value)?,
                "fill-opacity" => s.fill_opacity = number(name, value)?,
                "stroke-opacity" => s.stroke_opacity = number(name, value)?,
                "opacity" => s.opacity *= number(name, value)?,
                "stroke-width" => s.stroke_width = number(name, value)?,
                "font-size" => s.font_size = number(name, value)?,
                "stroke-dasharray" => {
                    s.dash = if value.trim() == "none" {
                        Vec::new()
                    } else {
                        value
                            .split([' ', ','])
                            .filter(|p| !p.is_empty())
                            .map(|p| number(name, p))
                            .collect::<Result<_, _>>()?
                    }
                }
                "stroke-linejoin" => s.round = value == "round",
                "text-anchor" => {
                    s.anchor = match value.as_str() {
                        "start" => Anchor::Start,
                        "middle" => Anchor::Middle,
                        "end" => Anchor::End,
                        _ => return Err(SvgError::Unsupported(format!("{name}={value:?}"))),
                    }
                }
                "font-weight" => {
                    s.bold = value == "bold" || value.parse::<u32>().is_ok_and(|w| w >= 600);
                }
                "paint-order" => s.stroke_under = value.trim_start().starts_with("stroke"),
                // Cell geometry of shapes, handled where the shape is drawn.
                "x1" | "y1" | "x2" | "y2" | "cx" | "cy" | "r" | "d" => {}
                n if INERT.contains(&n) => {}
                _ => return Err(SvgError::Unsupported(format!("attribute {name}"))),
            }
        }
        if let Some(classes) = e.attr("class") {
            let classes: Vec<&str> = classes.split_whitespace().collect();
            for (wanted, hex, fill, stroke) in CLASS_COLOURS {
                if wanted.iter().all(|w| classes.contains(w)) {
                    let c = Rgb::parse(hex);
                    if fill {
                        s.fill = c;
                    }
                    if stroke {
                        s.stroke = c;
                    }
                }
            }
        }
        Ok(s)
    }
}

/// Where the chart lands on the page: its view box mapped onto `width` points from `(x, y)`.
struct Place {
    x: f32,
    y: f32,
    vx: f32,
    vy: f32,
    scale: f32,
}

impl Place {
    fn at(&self, x: f32, y: f32) -> (f32, f32) {
        (
            self.x + (x - self.vx) * self.scale,
            self.y + (y - self.vy) * self.scale,
        )
    }
}

/// The view box of a chart: `(x, y, width, height)`.
pub(super) fn view_box(svg: &str) -> Result<(f32, f32, f32, f32), SvgError> {
    view_box_of(&parse(svg)?)
}

fn view_box_of(root: &Element) -> Result<(f32, f32, f32, f32), SvgError> {
    if root.name != "svg" {
        return Err(SvgError::Unsupported(format!("root <{}>", root.name)));
    }
    let vb = root
        .attr("viewBox")
        .ok_or_else(|| SvgError::Unsupported("svg without viewBox".into()))?;
    let n: Vec<f32> = vb
        .split([' ', ','])
        .filter(|p| !p.is_empty())
        .map(|p| number("viewBox", p))
        .collect::<Result<_, _>>()?;
    match n.as_slice() {
        [x, y, w, h] if *w > 0.0 && *h > 0.0 => Ok((*x, *y, *w, *h)),
        _ => Err(SvgError::Unsupported(format!("viewBox={vb:?}"))),
    }
}

/// The operations that draw `svg` `width` points wide with its top left at `(x, y)`.
pub(super) fn draw(svg: &str, (x, y): (f32, f32), width: f32) -> Result<Vec<Op>, SvgError> {
    let root = parse(svg)?;
    let (vx, vy, vw, _) = view_box_of(&root)?;
    let place = Place {
        x,
        y,
        vx,
        vy,
        scale: width / vw,
    };
    let mut ops = Vec::new();
    let style = Style::default().child(&root)?;
    for child in &root.children {
        node(child, &style, &place, &mut ops)?;
    }
    Ok(ops)
}

fn node(n: &Node, parent: &Style, place: &Place, ops: &mut Vec<Op>) -> Result<(), SvgError> {
    let Node::Element(e) = n else {
        // Whitespace between elements.
        return Ok(());
    };
    if e.name == "title" || e.name == "desc" {
        return Ok(());
    }
    let style = parent.child(e)?;
    match e.name.as_str() {
        "g" => {
            for child in &e.children {
                node(child, &style, place, ops)?;
            }
        }
        "rect" => {
            let (x, y) = (e.number_or_zero("x")?, e.number_or_zero("y")?);
            let (w, h) = (e.number_or_zero("width")?, e.number_or_zero("height")?);
            if w > 0.0 && h > 0.0 {
                let pts = [(x, y), (x + w, y), (x + w, y + h), (x, y + h)];
                shape(&pts, true, &style, place, ops, true);
            }
        }
        "line" => {
            let a = (e.number_or_zero("x1")?, e.number_or_zero("y1")?);
            let b = (e.number_or_zero("x2")?, e.number_or_zero("y2")?);
            shape(&[a, b], false, &style, place, ops, false);
        }
        "polyline" | "polygon" => {
            let pts = points(e.attr("points").unwrap_or(""))?;
            shape(&pts, e.name == "polygon", &style, place, ops, true);
        }
        "circle" => {
            let (cx, cy) = (e.number_or_zero("cx")?, e.number_or_zero("cy")?);
            let r = e.number_or_zero("r")?;
            if r > 0.0 {
                ops.push(paint_op(
                    circle(place.at(cx, cy), r * place.scale),
                    &style,
                    place,
                    true,
                ));
            }
        }
        "path" => {
            let segs = path(e.attr("d").unwrap_or(""), place)?;
            if !segs.is_empty() {
                ops.push(paint_op(segs, &style, place, true));
            }
        }
        "text" => text(e, &style, place, ops)?,
        other => return Err(SvgError::Unsupported(format!("<{other}>"))),
    }
    Ok(())
}

fn points(text: &str) -> Result<Vec<(f32, f32)>, SvgError> {
    let n: Vec<f32> = text
        .split([' ', ','])
        .filter(|p| !p.is_empty())
        .map(|p| number("points", p))
        .collect::<Result<_, _>>()?;
    if !n.len().is_multiple_of(2) {
        return Err(SvgError::Unsupported(format!("points={text:?}")));
    }
    Ok(n.chunks(2).map(|c| (c[0], c[1])).collect())
}

fn shape(
    pts: &[(f32, f32)],
    closed: bool,
    style: &Style,
    place: &Place,
    ops: &mut Vec<Op>,
    fills: bool,
) {
    let mut segs = Vec::with_capacity(pts.len() + 1);
    for (i, (x, y)) in pts.iter().enumerate() {
        let (x, y) = place.at(*x, *y);
        segs.push(if i == 0 {
            Seg::Move(x, y)
        } else {
            Seg::Line(x, y)
        });
    }
    if closed {
        segs.push(Seg::Close);
    }
    if segs.len() > 1 {
        ops.push(paint_op(segs, style, place, fills));
    }
}

fn paint_op(path: Vec<Seg>, style: &Style, place: &Place, fills: bool) -> Op {
    Op::Shape {
        path,
        fill: style
            .fill
            .filter(|_| fills)
            .map(|c| (c, style.fill_opacity * style.opacity)),
        stroke: stroke(style, place),
    }
}

fn stroke(style: &Style, place: &Place) -> Option<Line> {
    style
        .stroke
        .filter(|_| style.stroke_width > 0.0)
        .map(|c| Line {
            colour: c,
            width: style.stroke_width * place.scale,
            opacity: style.stroke_opacity * style.opacity,
            dash: style.dash.iter().map(|d| d * place.scale).collect(),
            round: style.round,
        })
}

/// A circle as four cubic arcs.
fn circle((cx, cy): (f32, f32), r: f32) -> Vec<Seg> {
    let k = 0.552_284_8 * r;
    vec![
        Seg::Move(cx + r, cy),
        Seg::Cubic(cx + r, cy + k, cx + k, cy + r, cx, cy + r),
        Seg::Cubic(cx - k, cy + r, cx - r, cy + k, cx - r, cy),
        Seg::Cubic(cx - r, cy - k, cx - k, cy - r, cx, cy - r),
        Seg::Cubic(cx + k, cy - r, cx + r, cy - k, cx + r, cy),
        Seg::Close,
    ]
}

/// A path's `d` with the commands M, L, H, V and Z (absolute or relative).
fn path(d: &str, place: &Place) -> Result<Vec<Seg>, SvgError> {
    let mut tokens: Vec<String> = Vec::new();
    let mut current = String::new();
    for c in d.chars() {
        if c.is_ascii_alphabetic() {
            if !current.is_empty() {
                tokens.push(std::mem::take(&mut current));
            }
            tokens.push(c.to_string());
        } else if c == ',' || c.is_whitespace() {
            if !current.is_empty() {
                tokens.push(std::mem::take(&mut current));
            }
        } else if c == '-' && !current.is_empty() && !current.ends_with('e') {
            tokens.push(std::mem::take(&mut current));
            current.push(c);
        } else {
            current.push(c);
        }
    }
    if !current.is_empty() {
        tokens.push(current);
    }
    let mut segs = Vec::new();
    let (mut x, mut y) = (0.0_f32, 0.0_f32);
    let (mut start_x, mut start_y) = (0.0_f32, 0.0_f32);
    let mut command = ' ';
    let mut i = 0;
    let next = |i: &mut usize| -> Result<f32, SvgError> {
        let t = tokens
            .get(*i)
            .ok_or_else(|| SvgError::Unsupported(format!("d={d:?}")))?;
        *i += 1;
        number("d", t)
    };
    while i < tokens.len() {
        let t = &tokens[i];
        if t.len() == 1 && t.chars().all(|c| c.is_ascii_alphabetic()) {
            command = t.chars().next().unwrap_or(' ');
            i += 1;
            if command == 'Z' || command == 'z' {
                segs.push(Seg::Close);
                (x, y) = (start_x, start_y);
                continue;
            }
        }
        let relative = command.is_ascii_lowercase();
        let (bx, by) = if relative { (x, y) } else { (0.0, 0.0) };
        match command.to_ascii_uppercase() {
            'M' => {
                (x, y) = (bx + next(&mut i)?, by + next(&mut i)?);
                (start_x, start_y) = (x, y);
                let (px, py) = place.at(x, y);
                segs.push(Seg::Move(px, py));
                // Further pairs after M are lines.
                command = if relative { 'l' } else { 'L' };
            }
            'L' => {
                (x, y) = (bx + next(&mut i)?, by + next(&mut i)?);
                let (px, py) = place.at(x, y);
                segs.push(Seg::Line(px, py));
            }
            'H' => {
                x = bx + next(&mut i)?;
                let (px, py) = place.at(x, y);
                segs.push(Seg::Line(px, py));
            }
            'V' => {
                y = by + next(&mut i)?;
                let (px, py) = place.at(x, y);
                segs.push(Seg::Line(px, py));
            }
            _ => return Err(SvgError::Unsupported(format!("path command {command:?}"))),
        }
    }
    Ok(segs)
}

/// SVG's default white-space handling: line breaks dropped, tabs as spaces, runs of
/// spaces as one, none at either end.
fn collapse(text: &str) -> String {
    let no_breaks: String = text
        .chars()
        .filter(|c| *c != '\n' && *c != '\r')
        .map(|c| if c == '\t' { ' ' } else { c })
        .collect();
    no_breaks
        .split(' ')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn text(e: &Element, style: &Style, place: &Place, ops: &mut Vec<Op>) -> Result<(), SvgError> {
    let mut x = e.number_or_zero("x")? + e.number_or_zero("dx")?;
    let mut y = e.number_or_zero("y")? + e.number_or_zero("dy")?;
    for child in &e.children {
        match child {
            Node::Text(t) => run(&collapse(t), (x, y), style, place, ops),
            Node::Element(span) if span.name == "tspan" => {
                let s = style.child(span)?;
                if let Some(sx) = span.number("x")? {
                    x = sx;
                }
                if let Some(sy) = span.number("y")? {
                    y = sy;
                }
                x += span.number_or_zero("dx")?;
                y += span.number_or_zero("dy")?;
                let mut words = String::new();
                for c in &span.children {
                    match c {
                        Node::Text(t) => words.push_str(t),
                        Node::Element(inner) => {
                            return Err(SvgError::Unsupported(format!(
                                "<{}> in <tspan>",
                                inner.name
                            )));
                        }
                    }
                }
                run(&collapse(&words), (x, y), &s, place, ops);
            }
            Node::Element(other) => {
                return Err(SvgError::Unsupported(format!("<{}> in <text>", other.name)));
            }
        }
    }
    Ok(())
}

/// One run of text at `(x, y)` in chart units, placed by its anchor.
fn run(words: &str, (x, y): (f32, f32), style: &Style, place: &Place, ops: &mut Vec<Op>) {
    if words.is_empty() {
        return;
    }
    let size = style.font_size * place.scale;
    let width = font::width(words, size);
    let (px, py) = place.at(x, y);
    let left = match style.anchor {
        Anchor::Start => px,
        Anchor::Middle => px - width / 2.0,
        Anchor::End => px - width,
    };
    ops.push(Op::Text {
        x: left,
        y: py,
        size,
        colour: style.fill,
        text: words.to_string(),
        bold: style.bold,
        halo: stroke(style, place).filter(|_| style.stroke_under || style.fill.is_none()),
    });
}

#[cfg(test)]
mod tests;

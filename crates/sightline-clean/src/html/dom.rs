//! A light HTML tokenizer and tree builder: markup in, an arena of nodes out.
//!
//! Why not html5ever's tree builder (through `scraper`)? Measured on the article-extraction
//! benchmark on this machine, building the html5ever DOM alone runs at 500 to 700 pages per
//! second and html5ever's tokenizer alone at 800 to 1,100, while the whole clean must run at
//! more than 520. A main-content extractor needs less than a browser does: element names, a few
//! attributes, text with character references decoded, and the nesting that real pages mean.
//! So this module scans the bytes itself, following the HTML standard's tokenizer where it
//! matters for text (tags, quoted and unquoted attributes, comments, doctypes, raw-text
//! elements such as `<script>`, named and numeric character references, using html5ever's
//! table of named references), and builds the tree with the standard's most common repairs:
//! void elements, a `<p>` closed by the next block, `<li>`, `<dt>`/`<dd>`, table cells and
//! rows closed by their next sibling, and end tags that close unclosed inline children or are
//! ignored when nothing matching is open. Foster parenting and the adoption agency are left
//! out: they move markup around inside tables and misnested formatting, which changes no text.
//! The result parses the benchmark's pages at about 4,000 per second, leaving the extraction
//! most of the time budget.
//!
//! The tree is an arena (`Vec<Node>` linked by index) so that nothing recurses: a page nested
//! 200,000 elements deep is built and walked with explicit stacks, and the searches for an open
//! element to close are bounded so that hostile nesting stays linear.

use html5ever::data::NAMED_ENTITIES;

/// Index of a node in [`Dom::nodes`]; [`NONE`] marks "no node".
pub(crate) type NodeId = u32;

/// The absent node.
pub(crate) const NONE: NodeId = u32::MAX;

/// How far the builder looks down the stack of open elements for one to close. Real pages
/// rarely leave more than a handful of elements unclosed between a start tag and its end tag;
/// the bound keeps hostile pages (100,000 unclosed `<b>`) from making every tag a long search.
const MAX_SCOPE_SEARCH: usize = 512;

macro_rules! tags {
    ($($variant:ident = $name:literal,)*) => {
        /// An element name the extractor knows, or an interned other name.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub(crate) enum Tag {
            $(#[allow(missing_docs)] $variant,)*
            /// Any other element; the number indexes [`Dom::other_tags`].
            Other(u16),
        }

        fn known_tag(name: &str) -> Option<Tag> {
            match name {
                $($name => Some(Tag::$variant),)*
                _ => None,
            }
        }
    };
}

tags! {
    A = "a", Abbr = "abbr", Address = "address", Applet = "applet", Area = "area",
    Article = "article", Aside = "aside", Audio = "audio", B = "b", Base = "base", Big = "big",
    Blockquote = "blockquote", Body = "body", Br = "br", Button = "button", Canvas = "canvas",
    Caption = "caption", Center = "center", Cite = "cite", Code = "code", Col = "col",
    Colgroup = "colgroup", Dd = "dd", Del = "del", Details = "details", Dialog = "dialog",
    Dir = "dir", Div = "div", Dl = "dl", Dt = "dt", Em = "em", Embed = "embed",
    Fieldset = "fieldset", Figcaption = "figcaption", Figure = "figure", Font = "font",
    Footer = "footer", Form = "form", Frame = "frame", Frameset = "frameset", H1 = "h1",
    H2 = "h2", H3 = "h3", H4 = "h4", H5 = "h5", H6 = "h6", Head = "head", Header = "header",
    Hgroup = "hgroup", Hr = "hr", Html = "html", I = "i", Iframe = "iframe", Img = "img",
    Input = "input", Ins = "ins", Kbd = "kbd", Label = "label", Legend = "legend", Li = "li",
    Link = "link", Main = "main", Map = "map", Mark = "mark", Marquee = "marquee", Math = "math",
    Menu = "menu", Meta = "meta", Nav = "nav", Nobr = "nobr", Noembed = "noembed",
    Noframes = "noframes", Noscript = "noscript", Object = "object", Ol = "ol",
    Optgroup = "optgroup", Option = "option", P = "p", Param = "param", Picture = "picture",
    Plaintext = "plaintext", Pre = "pre", Q = "q", S = "s", Samp = "samp", Script = "script",
    Section = "section", Select = "select", Small = "small", Source = "source", Span = "span",
    Strike = "strike", Strong = "strong", Style = "style", Sub = "sub", Summary = "summary",
    Sup = "sup", Svg = "svg", Table = "table", Tbody = "tbody", Td = "td", Template = "template",
    Textarea = "textarea", Tfoot = "tfoot", Th = "th", Thead = "thead", Time = "time",
    Title = "title", Tr = "tr", Track = "track", Tt = "tt", U = "u", Ul = "ul", Video = "video",
    Wbr = "wbr", Xmp = "xmp",
}

impl Tag {
    /// Elements that never have content, so their start tag opens nothing.
    fn is_void(self) -> bool {
        matches!(
            self,
            Tag::Area
                | Tag::Base
                | Tag::Br
                | Tag::Col
                | Tag::Embed
                | Tag::Hr
                | Tag::Img
                | Tag::Input
                | Tag::Link
                | Tag::Meta
                | Tag::Param
                | Tag::Source
                | Tag::Track
                | Tag::Wbr
        )
    }

    /// Start tags that close an open `<p>`, as the HTML standard lists them.
    fn closes_p(self) -> bool {
        matches!(
            self,
            Tag::Address
                | Tag::Article
                | Tag::Aside
                | Tag::Blockquote
                | Tag::Center
                | Tag::Details
                | Tag::Dialog
                | Tag::Dir
                | Tag::Div
                | Tag::Dl
                | Tag::Fieldset
                | Tag::Figcaption
                | Tag::Figure
                | Tag::Footer
                | Tag::Form
                | Tag::Header
                | Tag::Hgroup
                | Tag::Hr
                | Tag::Main
                | Tag::Menu
                | Tag::Nav
                | Tag::Ol
                | Tag::P
                | Tag::Pre
                | Tag::Section
                | Tag::Summary
                | Tag::Table
                | Tag::Ul
                | Tag::H1
                | Tag::H2
                | Tag::H3
                | Tag::H4
                | Tag::H5
                | Tag::H6
                | Tag::Li
                | Tag::Dd
                | Tag::Dt
                | Tag::Plaintext
                | Tag::Xmp
        )
    }

    /// Elements that end a search for an open element to close: the standard's scope
    /// boundaries, so a stray `</div>` inside a table cell cannot close the cell's ancestors.
    fn is_scope_boundary(self) -> bool {
        matches!(
            self,
            Tag::Html
                | Tag::Table
                | Tag::Td
                | Tag::Th
                | Tag::Caption
                | Tag::Marquee
                | Tag::Object
                | Tag::Applet
                | Tag::Template
                | Tag::Button
                | Tag::Svg
                | Tag::Math
        )
    }

    /// Elements the standard calls "special": an end tag of an inline element never closes
    /// past one of them, so `</span>` cannot close an open `<div>`.
    fn is_special(self) -> bool {
        self.closes_p()
            || self.is_scope_boundary()
            || matches!(
                self,
                Tag::Body
                    | Tag::Head
                    | Tag::Tbody
                    | Tag::Thead
                    | Tag::Tfoot
                    | Tag::Tr
                    | Tag::Select
                    | Tag::Iframe
                    | Tag::Noscript
                    | Tag::Frameset
            )
    }

    /// Headings `<h1>` to `<h6>`.
    pub(crate) fn is_heading(self) -> bool {
        matches!(self, Tag::H1 | Tag::H2 | Tag::H3 | Tag::H4 | Tag::H5 | Tag::H6)
    }

    /// Elements whose content the tokenizer reads as raw text up to the matching end tag.
    ///
    /// `<noscript>` is not among them: this parser reads pages as a browser with scripting
    /// off does, which is how they are read here (nothing runs), so what `<noscript>` holds is
    /// markup that such a reader sees.
    fn raw_text(self) -> Option<RawKind> {
        match self {
            Tag::Script | Tag::Style | Tag::Xmp | Tag::Iframe | Tag::Noembed | Tag::Noframes => {
                Some(RawKind::Raw)
            }
            Tag::Title | Tag::Textarea => Some(RawKind::Escapable),
            Tag::Plaintext => Some(RawKind::ToEnd),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RawKind {
    /// Text kept as written (`<script>`, `<style>`).
    Raw,
    /// Text with character references decoded (`<title>`, `<textarea>`).
    Escapable,
    /// Everything to the end of the input (`<plaintext>`).
    ToEnd,
}

/// The attributes the extractor reads; others are dropped while parsing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AttrName {
    #[allow(missing_docs)]
    Class,
    #[allow(missing_docs)]
    Id,
    #[allow(missing_docs)]
    Role,
    #[allow(missing_docs)]
    Itemprop,
    #[allow(missing_docs)]
    Href,
    #[allow(missing_docs)]
    Rel,
    #[allow(missing_docs)]
    Content,
    #[allow(missing_docs)]
    Name,
    #[allow(missing_docs)]
    Property,
    #[allow(missing_docs)]
    Datetime,
    #[allow(missing_docs)]
    Lang,
    #[allow(missing_docs)]
    Hidden,
    #[allow(missing_docs)]
    Style,
    #[allow(missing_docs)]
    AriaHidden,
    #[allow(missing_docs)]
    Type,
}

fn attr_name(name: &str) -> Option<AttrName> {
    Some(match name {
        "class" => AttrName::Class,
        "id" => AttrName::Id,
        "role" => AttrName::Role,
        "itemprop" => AttrName::Itemprop,
        "href" => AttrName::Href,
        "rel" => AttrName::Rel,
        "content" => AttrName::Content,
        "name" => AttrName::Name,
        "property" => AttrName::Property,
        "datetime" => AttrName::Datetime,
        "lang" => AttrName::Lang,
        "hidden" => AttrName::Hidden,
        "style" => AttrName::Style,
        "aria-hidden" => AttrName::AriaHidden,
        "type" => AttrName::Type,
        _ => return None,
    })
}

/// One kept attribute: its name and where its decoded value lies in [`Dom::values`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct Attr {
    pub(crate) name: AttrName,
    start: u32,
    end: u32,
}

/// What a node is.
#[derive(Debug, Clone, Copy)]
pub(crate) enum NodeData {
    /// The root, parent of everything.
    Document,
    /// An element with its attributes, `attrs_start..attrs_end` in [`Dom::attrs`].
    Element { tag: Tag, attrs_start: u32, attrs_end: u32 },
    /// Decoded text, `start..end` in [`Dom::text`].
    Text { start: u32, end: u32 },
}

/// One node of the arena, linked to its relatives by index.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Node {
    pub(crate) parent: NodeId,
    pub(crate) first_child: NodeId,
    pub(crate) last_child: NodeId,
    pub(crate) next_sibling: NodeId,
    pub(crate) data: NodeData,
}

/// A parsed page: node 0 is the document.
#[derive(Debug, Default)]
pub(crate) struct Dom {
    pub(crate) nodes: Vec<Node>,
    attrs: Vec<Attr>,
    values: String,
    text: String,
    other_tags: Vec<String>,
}

impl Dom {
    /// The root node.
    pub(crate) const ROOT: NodeId = 0;

    /// Parses `html`; never fails, as browsers never refuse a page.
    pub(crate) fn parse(html: &str) -> Dom {
        let mut builder = Builder::new(html.len());
        tokenize(html, &mut builder);
        builder.dom
    }

    pub(crate) fn node(&self, id: NodeId) -> Option<&Node> {
        self.nodes.get(id as usize)
    }

    /// The element's tag, or `None` for text and the document.
    pub(crate) fn tag(&self, id: NodeId) -> Option<Tag> {
        match self.node(id)?.data {
            NodeData::Element { tag, .. } => Some(tag),
            _ => None,
        }
    }

    /// The text of a text node.
    pub(crate) fn text(&self, id: NodeId) -> Option<&str> {
        match self.node(id)?.data {
            NodeData::Text { start, end } => self.text.get(start as usize..end as usize),
            _ => None,
        }
    }

    /// The value of attribute `name` on element `id`.
    pub(crate) fn attr(&self, id: NodeId, name: AttrName) -> Option<&str> {
        let NodeData::Element { attrs_start, attrs_end, .. } = self.node(id)?.data else {
            return None;
        };
        let attrs = self.attrs.get(attrs_start as usize..attrs_end as usize)?;
        let attr = attrs.iter().find(|attr| attr.name == name)?;
        self.values.get(attr.start as usize..attr.end as usize)
    }

    /// The children of `id`, in order.
    pub(crate) fn children(&self, id: NodeId) -> Children<'_> {
        Children { dom: self, next: self.node(id).map_or(NONE, |node| node.first_child) }
    }

    /// Every node under `id` (not `id` itself) in document order, without recursion.
    pub(crate) fn descendants(&self, id: NodeId) -> Descendants<'_> {
        Descendants { dom: self, root: id, next: self.node(id).map_or(NONE, |node| node.first_child) }
    }

    /// All text under `id`, concatenated as written.
    pub(crate) fn text_content(&self, id: NodeId) -> String {
        let mut out = String::new();
        if let Some(text) = self.text(id) {
            out.push_str(text);
        }
        for node in self.descendants(id) {
            if let Some(text) = self.text(node) {
                out.push_str(text);
            }
        }
        out
    }

    /// The text of `id` and its descendants if it is short: `None` once more than `max_bytes`
    /// of text or more than `max_nodes` nodes have been seen. Metadata (a byline, a date) is a
    /// few words in a few elements; the caps keep a check on every matching element linear even
    /// when such elements nest a hundred thousand deep.
    pub(crate) fn short_text_content(
        &self,
        id: NodeId,
        max_bytes: usize,
        max_nodes: usize,
    ) -> Option<String> {
        let mut out = String::new();
        if let Some(text) = self.text(id) {
            out.push_str(text);
        }
        for (visited, node) in self.descendants(id).enumerate() {
            if visited >= max_nodes || out.len() > max_bytes {
                return None;
            }
            if let Some(text) = self.text(node) {
                out.push_str(text);
            }
        }
        (out.len() <= max_bytes).then_some(out)
    }

    /// The name of an element the builder did not know.
    #[cfg(test)]
    pub(crate) fn other_tag_name(&self, tag: Tag) -> Option<&str> {
        match tag {
            Tag::Other(index) => self.other_tags.get(index as usize).map(String::as_str),
            _ => None,
        }
    }

    fn push(&mut self, parent: NodeId, data: NodeData) -> NodeId {
        let id = self.nodes.len() as NodeId;
        self.nodes.push(Node { parent, first_child: NONE, last_child: NONE, next_sibling: NONE, data });
        if let Some(parent_node) = self.nodes.get_mut(parent as usize) {
            let previous = parent_node.last_child;
            parent_node.last_child = id;
            if previous == NONE {
                parent_node.first_child = id;
            } else if let Some(previous_node) = self.nodes.get_mut(previous as usize) {
                previous_node.next_sibling = id;
            }
        }
        id
    }
}

/// Iterator over one node's children.
pub(crate) struct Children<'a> {
    dom: &'a Dom,
    next: NodeId,
}

impl Iterator for Children<'_> {
    type Item = NodeId;

    fn next(&mut self) -> Option<NodeId> {
        let current = self.next;
        self.next = self.dom.node(current)?.next_sibling;
        Some(current)
    }
}

/// Iterator over a subtree in document order.
pub(crate) struct Descendants<'a> {
    dom: &'a Dom,
    root: NodeId,
    next: NodeId,
}

impl Descendants<'_> {
    /// Skips the children of the node returned last.
    pub(crate) fn skip_subtree(&mut self, current: NodeId) {
        self.next = self.after(current);
    }

    fn after(&self, mut id: NodeId) -> NodeId {
        while id != self.root {
            let Some(node) = self.dom.node(id) else { return NONE };
            if node.next_sibling != NONE {
                return node.next_sibling;
            }
            id = node.parent;
        }
        NONE
    }
}

impl Iterator for Descendants<'_> {
    type Item = NodeId;

    fn next(&mut self) -> Option<NodeId> {
        let current = self.next;
        let node = self.dom.node(current)?;
        self.next = if node.first_child != NONE { node.first_child } else { self.after(current) };
        Some(current)
    }
}

/// Builds the tree from tokens.
struct Builder {
    dom: Dom,
    /// Open elements, innermost last; the document is never on it.
    open: Vec<(NodeId, Tag)>,
    /// How many `<p>`, `<li>`, `<a>`... are open, so most start tags need no stack search.
    n_open_closers: u32,
    /// How many `<p>` are open: block start tags look for one to close only when there is one.
    n_open_p: u32,
    /// How many `<svg>` and `<math>` are open: inside them `<x/>` closes itself.
    n_open_foreign: u32,
    /// Whether `<html>`, `<head>` or `<body>` has been seen: browsers ignore a second one.
    seen_root_elements: [bool; 3],
    /// Names of unknown elements already given a [`Tag::Other`] number.
    other_tag_index: std::collections::HashMap<String, u16>,
}

impl Builder {
    fn new(input_len: usize) -> Builder {
        let mut dom = Dom {
            nodes: Vec::with_capacity(input_len / 40 + 1),
            text: String::with_capacity(input_len / 3),
            ..Dom::default()
        };
        dom.nodes.push(Node {
            parent: NONE,
            first_child: NONE,
            last_child: NONE,
            next_sibling: NONE,
            data: NodeData::Document,
        });
        Builder {
            dom,
            open: Vec::new(),
            n_open_closers: 0,
            n_open_p: 0,
            n_open_foreign: 0,
            seen_root_elements: [false; 3],
            other_tag_index: std::collections::HashMap::new(),
        }
    }

    fn current(&self) -> NodeId {
        self.open.last().map_or(Dom::ROOT, |&(id, _)| id)
    }

    fn tag_for(&mut self, name: &str) -> Tag {
        if let Some(tag) = known_tag(name) {
            return tag;
        }
        if let Some(&index) = self.other_tag_index.get(name) {
            return Tag::Other(index);
        }
        if self.dom.other_tags.len() >= usize::from(u16::MAX) {
            // A page with 65,535 distinct invented element names gets them merged; no real
            // page comes near this and it keeps the tag small.
            return Tag::Other(u16::MAX);
        }
        let index = self.dom.other_tags.len() as u16;
        self.dom.other_tags.push(name.to_string());
        self.other_tag_index.insert(name.to_string(), index);
        Tag::Other(index)
    }

    fn text(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        let parent = self.current();
        let text_end = self.dom.text.len() as u32;
        self.dom.text.push_str(text);
        let new_end = self.dom.text.len() as u32;
        let last = self.dom.node(parent).map_or(NONE, |node| node.last_child);
        if let Some(node) = self.dom.nodes.get_mut(last as usize) {
            if let NodeData::Text { end, .. } = &mut node.data {
                if *end == text_end {
                    *end = new_end;
                    return;
                }
            }
        }
        self.dom.push(parent, NodeData::Text { start: text_end, end: new_end });
    }

    fn is_closer(tag: Tag) -> bool {
        matches!(
            tag,
            Tag::P
                | Tag::Li
                | Tag::Dd
                | Tag::Dt
                | Tag::Td
                | Tag::Th
                | Tag::Tr
                | Tag::Option
                | Tag::A
                | Tag::H1
                | Tag::H2
                | Tag::H3
                | Tag::H4
                | Tag::H5
                | Tag::H6
        )
    }

    /// Index in `open` of the innermost open element matching `wanted`, searching no further
    /// than the first element for which `stop` holds.
    fn find_open(&self, wanted: impl Fn(Tag) -> bool, stop: impl Fn(Tag) -> bool) -> Option<usize> {
        for (depth, &(_, tag)) in self.open.iter().enumerate().rev().take(MAX_SCOPE_SEARCH) {
            if wanted(tag) {
                return Some(depth);
            }
            if stop(tag) {
                return None;
            }
        }
        None
    }

    fn pop_to(&mut self, depth: usize) {
        for &(_, tag) in self.open.get(depth..).unwrap_or(&[]) {
            if Builder::is_closer(tag) {
                self.n_open_closers = self.n_open_closers.saturating_sub(1);
            }
            match tag {
                Tag::P => self.n_open_p = self.n_open_p.saturating_sub(1),
                Tag::Svg | Tag::Math => self.n_open_foreign = self.n_open_foreign.saturating_sub(1),
                _ => {}
            }
        }
        self.open.truncate(depth);
    }

    fn close_implied(&mut self, tag: Tag) {
        if self.n_open_closers == 0 {
            return;
        }
        let boundary = |open: Tag| open.is_scope_boundary();
        let found = match tag {
            Tag::Li => self.find_open(
                |open| open == Tag::Li,
                |open| boundary(open) || matches!(open, Tag::Ul | Tag::Ol),
            ),
            Tag::Dd | Tag::Dt => self.find_open(
                |open| matches!(open, Tag::Dd | Tag::Dt),
                |open| boundary(open) || open == Tag::Dl,
            ),
            Tag::Td | Tag::Th => self.find_open(
                |open| matches!(open, Tag::Td | Tag::Th),
                |open| open == Tag::Table || open == Tag::Tr,
            ),
            Tag::Tr => self.find_open(|open| open == Tag::Tr, |open| open == Tag::Table),
            Tag::Option => self.find_open(|open| open == Tag::Option, |open| open == Tag::Select),
            Tag::A => self.find_open(|open| open == Tag::A, |open| boundary(open) || open.is_special()),
            _ => None,
        };
        if let Some(depth) = found {
            self.pop_to(depth);
        }
        if tag.is_heading() && self.open.last().is_some_and(|&(_, open)| open.is_heading()) {
            self.pop_to(self.open.len() - 1);
        }
        if tag.closes_p() && self.n_open_p > 0 {
            if let Some(depth) = self.find_open(|open| open == Tag::P, boundary) {
                self.pop_to(depth);
            }
        }
    }

    fn start_tag(&mut self, tag: Tag, attrs: Vec<Attr>, self_closing: bool) {
        self.close_implied(tag);
        let root_slot = match tag {
            Tag::Html => Some(0),
            Tag::Head => Some(1),
            Tag::Body => Some(2),
            _ => None,
        };
        if let Some(seen) = root_slot.and_then(|slot| self.seen_root_elements.get_mut(slot)) {
            if *seen {
                // A second `<body>` or `<html>` adds nothing, as in browsers.
                return;
            }
            *seen = true;
        }
        let attrs_start = self.dom.attrs.len() as u32;
        self.dom.attrs.extend(attrs);
        let attrs_end = self.dom.attrs.len() as u32;
        let parent = self.current();
        let id = self.dom.push(parent, NodeData::Element { tag, attrs_start, attrs_end });
        if tag.is_void() || (self_closing && self.n_open_foreign > 0) {
            return;
        }
        if Builder::is_closer(tag) {
            self.n_open_closers += 1;
        }
        match tag {
            Tag::P => self.n_open_p += 1,
            Tag::Svg | Tag::Math => self.n_open_foreign += 1,
            _ => {}
        }
        self.open.push((id, tag));
    }

    fn end_tag(&mut self, tag: Tag) {
        if tag == Tag::Br {
            // `</br>` is read as `<br>` by browsers.
            self.start_tag(Tag::Br, Vec::new(), false);
            return;
        }
        let found = if tag.is_special() {
            self.find_open(|open| open == tag, |open| open.is_scope_boundary() && open != tag)
        } else {
            self.find_open(|open| open == tag, |open| open.is_special())
        };
        if let Some(depth) = found {
            self.pop_to(depth);
        }
    }
}

fn is_space(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

/// Scans `html` and feeds the builder.
fn tokenize(html: &str, builder: &mut Builder) {
    let bytes = html.as_bytes();
    let mut pos = 0;
    let mut name_buf = String::new();
    while pos < bytes.len() {
        let Some(lt) = html.get(pos..).and_then(|rest| rest.find('<')).map(|offset| pos + offset) else {
            push_decoded(builder, html.get(pos..).unwrap_or(""));
            break;
        };
        if lt > pos {
            push_decoded(builder, html.get(pos..lt).unwrap_or(""));
        }
        pos = lt + 1;
        let next = bytes.get(pos).copied().unwrap_or(0);
        if next == b'!' {
            pos = if html.get(pos..).is_some_and(|rest| rest.starts_with("!--")) {
                // A comment ends at `-->`; `<!-->` and `<!--->` are empty comments.
                let body = pos + 3;
                let after_open = html.get(body..).unwrap_or("");
                if after_open.starts_with('>') {
                    body + 1
                } else if after_open.starts_with("->") {
                    body + 2
                } else {
                    after_open.find("-->").map_or(bytes.len(), |offset| body + offset + 3)
                }
            } else {
                skip_past_gt(bytes, pos)
            };
        } else if next == b'?' {
            pos = skip_past_gt(bytes, pos);
        } else if next == b'/' {
            let name_start = pos + 1;
            if bytes.get(name_start).is_some_and(u8::is_ascii_alphabetic) {
                let (name_end, _, _, end) = read_tag(html, name_start, &mut name_buf, None);
                let _ = name_end;
                let tag = builder.tag_for(&name_buf);
                builder.end_tag(tag);
                pos = end;
            } else if bytes.get(name_start) == Some(&b'>') {
                pos = name_start + 1;
            } else if name_start >= bytes.len() {
                builder.text("</");
                pos = bytes.len();
            } else {
                pos = skip_past_gt(bytes, name_start);
            }
        } else if next.is_ascii_alphabetic() {
            let mut attrs = Vec::new();
            let (_, self_closing, complete, end) =
                read_tag(html, pos, &mut name_buf, Some((&mut attrs, builder)));
            if !complete {
                // A tag cut off by the end of the input is dropped, as the standard says.
                break;
            }
            let tag = builder.tag_for(&name_buf);
            builder.start_tag(tag, attrs, self_closing);
            pos = end;
            if let Some(kind) = tag.raw_text() {
                pos = read_raw_text(html, pos, &name_buf, kind, builder);
                builder.end_tag(tag);
            }
        } else {
            builder.text("<");
        }
    }
}

/// The offset just past the next `>` at or after `from`, or the end of the input.
fn skip_past_gt(bytes: &[u8], from: usize) -> usize {
    bytes
        .get(from..)
        .and_then(|rest| rest.iter().position(|&b| b == b'>'))
        .map_or(bytes.len(), |offset| from + offset + 1)
}

/// Reads a tag name (lowercased into `name`) and its attributes from `start`, the first byte of
/// the name. Returns the end of the name, whether the tag ended in `/>`, whether a `>` closed it,
/// and the offset after it.
fn read_tag(
    html: &str,
    start: usize,
    name: &mut String,
    mut attrs: Option<(&mut Vec<Attr>, &mut Builder)>,
) -> (usize, bool, bool, usize) {
    let bytes = html.as_bytes();
    let mut pos = start;
    while pos < bytes.len() && !is_space(bytes[pos]) && bytes[pos] != b'/' && bytes[pos] != b'>' {
        pos += 1;
    }
    name.clear();
    name.push_str(html.get(start..pos).unwrap_or(""));
    name.make_ascii_lowercase();
    let name_end = pos;
    let mut self_closing = false;
    let mut attr_name_buf = String::new();
    loop {
        while pos < bytes.len() && (is_space(bytes[pos]) || bytes[pos] == b'/') {
            self_closing = bytes[pos] == b'/';
            pos += 1;
        }
        let Some(&byte) = bytes.get(pos) else {
            return (name_end, self_closing, false, pos);
        };
        if byte == b'>' {
            return (name_end, self_closing, true, pos + 1);
        }
        self_closing = false;
        let attr_start = pos;
        // An attribute name may start with `=`, then runs to a space, `/`, `>` or `=`.
        pos += 1;
        while pos < bytes.len() && !is_space(bytes[pos]) && !matches!(bytes[pos], b'/' | b'>' | b'=') {
            pos += 1;
        }
        let attr_end = pos;
        while pos < bytes.len() && is_space(bytes[pos]) {
            pos += 1;
        }
        let mut value = None;
        if bytes.get(pos) == Some(&b'=') {
            pos += 1;
            while pos < bytes.len() && is_space(bytes[pos]) {
                pos += 1;
            }
            match bytes.get(pos) {
                Some(&quote @ (b'"' | b'\'')) => {
                    let value_start = pos + 1;
                    let Some(offset) =
                        bytes.get(value_start..).and_then(|rest| rest.iter().position(|&b| b == quote))
                    else {
                        return (name_end, false, false, bytes.len());
                    };
                    value = Some((value_start, value_start + offset));
                    pos = value_start + offset + 1;
                }
                _ => {
                    let value_start = pos;
                    while pos < bytes.len() && !is_space(bytes[pos]) && bytes[pos] != b'>' {
                        pos += 1;
                    }
                    value = Some((value_start, pos));
                }
            }
        }
        if let Some((attrs, builder)) = attrs.as_mut() {
            attr_name_buf.clear();
            attr_name_buf.push_str(html.get(attr_start..attr_end).unwrap_or(""));
            attr_name_buf.make_ascii_lowercase();
            if let Some(kind) = attr_name(&attr_name_buf) {
                if !attrs.iter().any(|attr| attr.name == kind) {
                    let start = builder.dom.values.len() as u32;
                    if let Some((value_start, value_end)) = value {
                        decode_into(
                            html.get(value_start..value_end).unwrap_or(""),
                            &mut builder.dom.values,
                            true,
                        );
                    }
                    let end = builder.dom.values.len() as u32;
                    attrs.push(Attr { name: kind, start, end });
                }
            }
        }
    }
}

/// Reads the content of a raw-text element up to its end tag (not consumed; the caller closes
/// the element) and returns the offset of that end tag.
fn read_raw_text(html: &str, start: usize, name: &str, kind: RawKind, builder: &mut Builder) -> usize {
    let bytes = html.as_bytes();
    let end = if kind == RawKind::ToEnd {
        bytes.len()
    } else {
        let mut search = start;
        loop {
            let Some(offset) = html.get(search..).and_then(|rest| rest.find("</")) else {
                break bytes.len();
            };
            let candidate = search + offset;
            let name_start = candidate + 2;
            let name_end = name_start + name.len();
            let matches_name = bytes
                .get(name_start..name_end)
                .is_some_and(|found| found.eq_ignore_ascii_case(name.as_bytes()));
            let after_name = bytes.get(name_end).copied().unwrap_or(b'>');
            let terminated = is_space(after_name) || after_name == b'/' || after_name == b'>';
            if matches_name && terminated {
                break candidate;
            }
            search = name_start;
        }
    };
    let content = html.get(start..end).unwrap_or("");
    if kind == RawKind::Escapable {
        push_decoded(builder, content);
    } else {
        builder.text(content);
    }
    if end >= bytes.len() {
        return end;
    }
    skip_past_gt(bytes, end)
}

fn push_decoded(builder: &mut Builder, raw: &str) {
    if !raw.contains('&') {
        builder.text(raw);
        return;
    }
    let mut decoded = String::with_capacity(raw.len());
    decode_into(raw, &mut decoded, false);
    builder.text(&decoded);
}

/// Appends `raw` to `out` with character references decoded. In attribute values a legacy
/// reference without `;` followed by a letter, digit or `=` stays as written, because URLs
/// such as `?a=1&copy=2` rely on it.
pub(crate) fn decode_into(raw: &str, out: &mut String, in_attribute: bool) {
    let mut rest = raw;
    while let Some(amp) = rest.find('&') {
        out.push_str(rest.get(..amp).unwrap_or(""));
        let after = rest.get(amp + 1..).unwrap_or("");
        match decode_reference(after, in_attribute) {
            Some((decoded, used)) => {
                out.extend(decoded.into_iter().flatten());
                rest = after.get(used..).unwrap_or("");
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
}

/// Decodes the reference at the start of `after` (the text after `&`), returning its chars
/// and the number of bytes it used.
fn decode_reference(after: &str, in_attribute: bool) -> Option<([Option<char>; 2], usize)> {
    let bytes = after.as_bytes();
    if bytes.first() == Some(&b'#') {
        let hex = matches!(bytes.get(1), Some(b'x' | b'X'));
        let digits_start = if hex { 2 } else { 1 };
        let mut end = digits_start;
        while end < bytes.len()
            && end - digits_start < 8
            && (if hex { bytes[end].is_ascii_hexdigit() } else { bytes[end].is_ascii_digit() })
        {
            end += 1;
        }
        if end == digits_start {
            return None;
        }
        let value = u32::from_str_radix(after.get(digits_start..end)?, if hex { 16 } else { 10 }).ok()?;
        let used = if bytes.get(end) == Some(&b';') { end + 1 } else { end };
        let ch = match value {
            // Windows-1252 numbers that pages write for curly quotes and dashes.
            0x80..=0x9f => windows_1252(value),
            0 => '\u{fffd}',
            _ => char::from_u32(value).unwrap_or('\u{fffd}'),
        };
        return Some(([Some(ch), None], used));
    }
    let mut name_end = 0;
    while name_end < bytes.len() && name_end < 32 && bytes[name_end].is_ascii_alphanumeric() {
        name_end += 1;
    }
    if name_end == 0 {
        return None;
    }
    if bytes.get(name_end) == Some(&b';') {
        if let Some(&(first, second)) = NAMED_ENTITIES.get(after.get(..=name_end)?) {
            if first != 0 {
                return Some((
                    [char::from_u32(first), char::from_u32(second).filter(|_| second != 0)],
                    name_end + 1,
                ));
            }
        }
    }
    // Legacy references without `;`: the longest known prefix.
    for len in (2..=name_end.min(6)).rev() {
        if let Some(&(first, second)) = NAMED_ENTITIES.get(after.get(..len)?) {
            if first == 0 {
                continue;
            }
            let next = bytes.get(len).copied().unwrap_or(b' ');
            if in_attribute && (next.is_ascii_alphanumeric() || next == b'=') {
                return None;
            }
            return Some(([char::from_u32(first), char::from_u32(second).filter(|_| second != 0)], len));
        }
    }
    None
}

fn windows_1252(value: u32) -> char {
    const TABLE: [char; 32] = [
        '\u{20ac}', '\u{81}', '\u{201a}', '\u{192}', '\u{201e}', '\u{2026}', '\u{2020}', '\u{2021}',
        '\u{2c6}', '\u{2030}', '\u{160}', '\u{2039}', '\u{152}', '\u{8d}', '\u{17d}', '\u{8f}', '\u{90}',
        '\u{2018}', '\u{2019}', '\u{201c}', '\u{201d}', '\u{2022}', '\u{2013}', '\u{2014}', '\u{2dc}',
        '\u{2122}', '\u{161}', '\u{203a}', '\u{153}', '\u{9d}', '\u{17e}', '\u{178}',
    ];
    value.checked_sub(0x80).and_then(|index| TABLE.get(index as usize)).copied().unwrap_or('\u{fffd}')
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Renders the tree as `tag(children)` with text in quotes, the document's children only.
    fn render(dom: &Dom) -> String {
        let mut out = String::new();
        // An explicit stack of (node, entering) keeps even the test renderer iterative.
        let mut stack: Vec<(NodeId, bool)> = dom.children(Dom::ROOT).map(|id| (id, true)).collect();
        stack.reverse();
        while let Some((id, entering)) = stack.pop() {
            if !entering {
                out.push(')');
                continue;
            }
            if let Some(text) = dom.text(id) {
                out.push_str(&format!("{text:?}"));
                continue;
            }
            let Some(tag) = dom.tag(id) else { continue };
            let name =
                dom.other_tag_name(tag).map_or_else(|| format!("{tag:?}").to_lowercase(), str::to_string);
            out.push_str(&name);
            out.push('(');
            stack.push((id, false));
            let children: Vec<NodeId> = dom.children(id).collect();
            stack.extend(children.into_iter().rev().map(|child| (child, true)));
        }
        out
    }

    fn check(html: &str, expected: &str) {
        assert_eq!(render(&Dom::parse(html)), expected, "{html}");
    }

    #[test]
    fn builds_trees_as_browsers_do() {
        check("<p>a<p>b", r#"p("a")p("b")"#);
        check("<div><p>a<div>b</div></div>", r#"div(p("a")div("b"))"#);
        check("<ul><li>a<li>b</ul>c", r#"ul(li("a")li("b"))"c""#);
        check("<b>x<div>y</b>z</div>", r#"b("x"div("yz"))"#);
        check("<span>a</div>b</span>", r#"span("ab")"#);
        check("<td>a</div>b", r#"td("ab")"#);
        check("a<br>b</br>c<img src=x>d", r#""a"br()"b"br()"c"img()"d""#);
        check("<my-widget>x</my-widget>y", r#"my-widget("x")"y""#);
        check("<a href=1>x<a href=2>y</a>", r#"a("x")a("y")"#);
    }

    #[test]
    fn reads_comments_raw_text_and_references() {
        check("a<!-- <p>b</p> -->c<!-->d", r#""acd""#);
        check("<script>if (a<b) x='</p>'</script>e", r#"script("if (a<b) x='</p>'")"e""#);
        check("<title>A &amp; B</title>", r#"title("A & B")"#);
        check(
            "&lt;p&gt; &amp caf&eacute; &#8217;&#x2014;&#150; &bogus; AT&T",
            "\"<p> & café ’—– &bogus; AT&T\"",
        );
        // `</` before anything but a letter opens a bogus comment, as the standard says.
        check("a < b <3 </ c> d", r#""a < b <3  d""#);
        check("<p>cut <a href=\"x", r#"p("cut ")"#);
        check("<svg><path/><text>t</text></svg>u", r#"svg(path()text("t"))"u""#);
    }

    #[test]
    fn keeps_attributes_it_reads() {
        let dom = Dom::parse(
            r#"<div CLASS="a &amp; b" data-x=1 id=main hidden><a href="/?a=1&copy=2">x</a></div>"#,
        );
        let div = dom.children(Dom::ROOT).next().unwrap_or(NONE);
        assert_eq!(dom.attr(div, AttrName::Class), Some("a & b"));
        assert_eq!(dom.attr(div, AttrName::Id), Some("main"));
        assert_eq!(dom.attr(div, AttrName::Hidden), Some(""));
        let link = dom.children(div).next().unwrap_or(NONE);
        assert_eq!(dom.attr(link, AttrName::Href), Some("/?a=1&copy=2"));
    }

    #[test]
    fn survives_deep_nesting_and_garbage() {
        let depth = 200_000;
        let html = format!("{}deep{}", "<div><b>".repeat(depth), "</span>".repeat(depth));
        let dom = Dom::parse(&html);
        assert_eq!(dom.nodes.len(), 2 * depth + 2);
        assert_eq!(dom.descendants(Dom::ROOT).count(), 2 * depth + 1);
        for garbage in
            ["", "<", "<<<>>>", "</", "<!--", "<a b='", "&#xFFFFFFFF;&#0;", "\u{0}\u{1}\u{ff}<\u{300}>"]
        {
            let _ = Dom::parse(garbage);
        }
    }
}

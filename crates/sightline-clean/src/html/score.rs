//! Finds the article body in a parsed page and splits the page into kept and removed blocks.
//!
//! The method, in linear passes over the node arena (nodes are stored in document order, so
//! a forward pass sees every parent before its children and a backward pass every child before
//! its parent: no recursion, no stack):
//!
//! 1. Mark boilerplate subtrees by what markup says they are: elements that never show text
//!    (`<script>`, hidden ones), HTML5 sectioning elements for furniture (`<nav>`, `<footer>`,
//!    `<aside>`, `<figure>`), ARIA roles, and `class`/`id` words (see `patterns`). A container
//!    that holds most of the page's prose is never marked by its name, because sites put words
//!    like `has-sidebar` on the main wrapper and a broken page can nest its article inside a
//!    widget.
//! 2. Weigh every paragraph-like block by the text it holds outside links, counting only blocks
//!    long enough to be prose and not mostly links: running text is long and has few links,
//!    menus and teaser lists are short or link-heavy (the observation behind readability,
//!    boilerpipe and jusText).
//! 3. Score containers as readability does: a paragraph's weight counts fully for its
//!    container, half for the next one up and a quarter for the one above. An article's
//!    paragraphs are siblings in one container; teaser summaries each sit in their own wrapper,
//!    so the article's container collects the most. The best container is the body.
//! 4. Climb a few levels from the body and take in relatives that continue it: containers whose
//!    prose sits in one cluster and has few links (the rest of an article split around an
//!    inline ad or into columns), and prose paragraphs.
//! 5. Walk the page once more and cut it into blocks at block-level elements and `<br>`. Blocks
//!    inside the body are kept unless they are link-heavy, open like furniture ("Advertisement",
//!    "Share this", "By ..."), repeat the headline, or are a few short lines before the first
//!    or after the last real paragraph (bylines, dates, tag lines sit there). Everything else
//!    goes to `removed` with the reason that fits best.

use sightline_core::{RemovalReason, Removed};

use super::dom::{AttrName, Dom, NodeData, NodeId, Tag, NONE};
use super::patterns::{class_reason, furniture_reason, names_content};

/// A block needs this many non-space chars to count as prose when weighing containers; menu
/// entries and teaser headlines are shorter.
const MIN_PROSE_CHARS: u32 = 30;

/// A block whose linked text is more than this share of its text is navigation or teasers.
const MAX_PROSE_LINK_DENSITY: f32 = 0.5;

/// A container whose `class` or `id` names article content gets its score multiplied by this:
/// the name is evidence, not proof.
const CONTENT_NAME_BONUS: f32 = 1.25;

/// A relative of the body joins it when its prose is at least this share of the body's.
const SIBLING_SHARE: f32 = 0.1;

/// A relative of the body with more linked text than this share is teasers, not a
/// continuation: headlines of other stories are links, article prose mostly is not.
const MAX_CONTINUATION_LINK_DENSITY: f32 = 0.2;

/// How many levels above the body its continuations are looked for.
const MAX_CLIMB: usize = 5;

/// A sibling paragraph joins the body when it holds at least this many chars of prose.
const SIBLING_PARAGRAPH_CHARS: f32 = 80.0;

/// Blocks shorter than this (non-space chars) are judged by their neighbours, not themselves.
const SHORT_BLOCK_CHARS: usize = 60;

/// A run of at most this many short blocks before the first or after the last paragraph of
/// the body is dropped; a longer run is kept.
const MAX_EDGE_RUN: usize = 3;

/// Why a subtree is boilerplate, and whether its text is worth recording (scripts and styles
/// never showed as text, so they are not).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Junk {
    reason: RemovalReason,
    silent: bool,
    /// Set when the markup says outright that the subtree is not shown or not text (a
    /// `<script>`, a `hidden` attribute), so no amount of text makes it the article.
    certain: bool,
}

/// The result of extraction: kept blocks in order, removed blocks with reasons, and the first
/// top-level heading of the body (a title candidate).
#[derive(Debug, Default)]
pub(crate) struct Extraction {
    pub(crate) blocks: Vec<String>,
    pub(crate) removed: Vec<Removed>,
    pub(crate) body_heading: Option<String>,
}

/// Elements that start a new block of text.
fn is_block(tag: Tag) -> bool {
    matches!(
        tag,
        Tag::Address
            | Tag::Article
            | Tag::Aside
            | Tag::Blockquote
            | Tag::Body
            | Tag::Br
            | Tag::Caption
            | Tag::Center
            | Tag::Dd
            | Tag::Details
            | Tag::Dialog
            | Tag::Dir
            | Tag::Div
            | Tag::Dl
            | Tag::Dt
            | Tag::Fieldset
            | Tag::Figcaption
            | Tag::Figure
            | Tag::Footer
            | Tag::Form
            | Tag::H1
            | Tag::H2
            | Tag::H3
            | Tag::H4
            | Tag::H5
            | Tag::H6
            | Tag::Header
            | Tag::Hgroup
            | Tag::Hr
            | Tag::Html
            | Tag::Legend
            | Tag::Li
            | Tag::Main
            | Tag::Menu
            | Tag::Nav
            | Tag::Ol
            | Tag::P
            | Tag::Pre
            | Tag::Section
            | Tag::Summary
            | Tag::Table
            | Tag::Tbody
            | Tag::Td
            | Tag::Tfoot
            | Tag::Th
            | Tag::Thead
            | Tag::Tr
            | Tag::Ul
    )
}

/// Blocks that hold one paragraph of text; their container, not themselves, is the candidate
/// for the article body.
fn is_paragraph_tag(tag: Tag) -> bool {
    matches!(
        tag,
        Tag::P | Tag::Pre | Tag::Blockquote | Tag::Li | Tag::Dd | Tag::Dt | Tag::Td | Tag::Th | Tag::Br
    ) || tag.is_heading()
}

/// Boilerplate by element name alone.
fn tag_junk(tag: Tag) -> Option<Junk> {
    let silent = |reason| Some(Junk { reason, silent: true, certain: true });
    let loud = |reason| Some(Junk { reason, silent: false, certain: false });
    match tag {
        Tag::Script
        | Tag::Style
        | Tag::Template
        | Tag::Head
        | Tag::Title
        | Tag::Svg
        | Tag::Math
        | Tag::Iframe
        | Tag::Object
        | Tag::Embed
        | Tag::Canvas
        | Tag::Video
        | Tag::Audio
        | Tag::Noembed
        | Tag::Noframes
        | Tag::Map => silent(RemovalReason::NonContent),
        Tag::Select | Tag::Button | Tag::Textarea | Tag::Input | Tag::Label | Tag::Dialog => {
            loud(RemovalReason::NonContent)
        }
        Tag::Nav | Tag::Menu => loud(RemovalReason::Navigation),
        Tag::Footer => loud(RemovalReason::Footer),
        Tag::Aside => loud(RemovalReason::Related),
        Tag::Figure | Tag::Figcaption => loud(RemovalReason::Caption),
        Tag::Header => loud(RemovalReason::Navigation),
        _ => None,
    }
}

/// True when the element's attributes hide it: `hidden`, `aria-hidden="true"`, or an inline
/// style with `display: none` or `visibility: hidden`.
fn is_hidden(dom: &Dom, id: NodeId) -> bool {
    if dom.attr(id, AttrName::Hidden).is_some()
        || dom.attr(id, AttrName::AriaHidden).is_some_and(|v| v.trim() == "true")
    {
        return true;
    }
    dom.attr(id, AttrName::Style).is_some_and(|style| {
        let compact: String =
            style.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_lowercase();
        compact.contains("display:none") || compact.contains("visibility:hidden")
    })
}

/// Boilerplate by attributes: hidden elements, ARIA roles, class and id words.
fn attr_junk(dom: &Dom, id: NodeId, names: &mut String) -> Option<Junk> {
    let loud = |reason| Some(Junk { reason, silent: false, certain: false });
    if is_hidden(dom, id) {
        return Some(Junk { reason: RemovalReason::NonContent, silent: false, certain: true });
    }
    if let Some(role) = dom.attr(id, AttrName::Role) {
        let reason = match role.trim().to_ascii_lowercase().as_str() {
            "navigation" | "menu" | "menubar" | "banner" | "search" => Some(RemovalReason::Navigation),
            "contentinfo" => Some(RemovalReason::Footer),
            "complementary" => Some(RemovalReason::Related),
            "dialog" | "alertdialog" | "alert" => Some(RemovalReason::NonContent),
            _ => None,
        };
        if reason.is_some() {
            return reason.and_then(loud);
        }
    }
    lowercase_names(dom, id, names);
    if names.is_empty() {
        return None;
    }
    class_reason(names).and_then(loud)
}

/// Writes the element's `class` and `id`, lowercased and joined by a space, into `names`.
fn lowercase_names(dom: &Dom, id: NodeId, names: &mut String) {
    names.clear();
    for attr in [AttrName::Class, AttrName::Id] {
        if let Some(value) = dom.attr(id, attr) {
            if !names.is_empty() {
                names.push(' ');
            }
            names.push_str(value);
        }
    }
    names.make_ascii_lowercase();
}

/// Per-node facts the passes compute.
struct Facts {
    /// Nearest block-level ancestor (or self for block elements); the root for top-level text.
    owner: Vec<NodeId>,
    in_link: Vec<bool>,
    junk: Vec<Option<Junk>>,
    /// Non-space chars of text directly owned by the block, outside boilerplate.
    own_chars: Vec<u32>,
    own_link_chars: Vec<u32>,
    /// Prose weight of the subtree.
    weight: Vec<f32>,
    /// Readability-style score of the element as the article's container.
    cluster: Vec<f32>,
    /// Prose weight of the paragraphs directly in the element.
    direct: Vec<f32>,
    /// The largest `direct` in the subtree: how much of its prose sits in one cluster.
    best_direct: Vec<f32>,
    /// Non-space chars (CJK counted double) in the subtree outside boilerplate, and of those
    /// the ones inside links.
    sub_chars: Vec<u32>,
    sub_link_chars: Vec<u32>,
}

impl Facts {
    fn link_density(&self, index: usize) -> f32 {
        let chars = self.sub_chars.get(index).copied().unwrap_or(0).max(1);
        self.sub_link_chars.get(index).copied().unwrap_or(0) as f32 / chars as f32
    }
}

/// The size of a text for every length threshold here: its non-space chars, with Chinese,
/// Japanese and Korean chars counted twice. Those scripts write a word in one to three chars
/// where Latin scripts use five or six, so a full CJK sentence is about half as many chars.
fn count_visible(text: &str) -> u32 {
    text.chars().filter(|c| !c.is_whitespace()).map(char_weight).sum()
}

/// How much one visible char counts towards a text's size; see [`count_visible`].
fn char_weight(ch: char) -> u32 {
    match ch {
        '\u{1100}'..='\u{11ff}'
        | '\u{2e80}'..='\u{9fff}'
        | '\u{ac00}'..='\u{d7af}'
        | '\u{f900}'..='\u{faff}'
        | '\u{ff00}'..='\u{ffef}'
        | '\u{20000}'..='\u{2fa1f}' => 2,
        _ => 1,
    }
}

/// Splits the page into kept and removed blocks; `title` is the headline from metadata, so a
/// block repeating it is dropped as [`RemovalReason::Title`].
pub(crate) fn extract(dom: &Dom, title: Option<&str>) -> Extraction {
    let n_nodes = dom.nodes.len();
    let mut facts = Facts {
        owner: vec![Dom::ROOT; n_nodes],
        in_link: vec![false; n_nodes],
        junk: vec![None; n_nodes],
        own_chars: vec![0; n_nodes],
        own_link_chars: vec![0; n_nodes],
        weight: vec![0.0; n_nodes],
        cluster: vec![0.0; n_nodes],
        direct: vec![0.0; n_nodes],
        best_direct: vec![0.0; n_nodes],
        sub_chars: vec![0; n_nodes],
        sub_link_chars: vec![0; n_nodes],
    };
    let mut text_chars = vec![0u32; n_nodes];

    // Pass 1, forward: block owners, links, subtrees never shown, and the visible size of each
    // text node.
    let mut unseen = vec![false; n_nodes];
    for (index, node) in dom.nodes.iter().enumerate().skip(1) {
        unseen[index] = unseen.get(node.parent as usize).copied().unwrap_or(false)
            || dom.tag(index as NodeId).is_some_and(|tag| tag_junk(tag).is_some_and(|junk| junk.certain))
            || is_hidden(dom, index as NodeId);
        let parent = node.parent as usize;
        let (parent_owner, parent_in_link) = (
            facts.owner.get(parent).copied().unwrap_or(Dom::ROOT),
            facts.in_link.get(parent).copied().unwrap_or(false),
        );
        match node.data {
            NodeData::Element { tag, .. } => {
                facts.owner[index] = if is_block(tag) { index as NodeId } else { parent_owner };
                facts.in_link[index] = parent_in_link || tag == Tag::A;
            }
            NodeData::Text { .. } => {
                facts.owner[index] = parent_owner;
                facts.in_link[index] = parent_in_link;
                let parent_is_raw =
                    matches!(dom.tag(node.parent), Some(Tag::Script | Tag::Style | Tag::Template));
                if !parent_is_raw && !unseen[index] {
                    text_chars[index] = count_visible(dom.text(index as NodeId).unwrap_or(""));
                }
            }
            NodeData::Document => {}
        }
    }

    // Pass 2, backward: prose weight per subtree, boilerplate included.
    let mut raw_own = vec![0u32; n_nodes];
    let mut raw_own_link = vec![0u32; n_nodes];
    let mut raw_weight = vec![0f32; n_nodes];
    for index in (1..n_nodes).rev() {
        if text_chars[index] > 0 {
            let owner = facts.owner[index] as usize;
            raw_own[owner] += text_chars[index];
            if facts.in_link[index] {
                raw_own_link[owner] += text_chars[index];
            }
        }
        raw_weight[index] += prose_weight(raw_own[index], raw_own_link[index]);
        let parent = dom.nodes[index].parent as usize;
        let weight = raw_weight[index];
        if let Some(parent_weight) = raw_weight.get_mut(parent) {
            *parent_weight += weight;
        }
    }
    let page_weight = raw_weight.first().copied().unwrap_or(0.0);

    // Pass 3, forward: boilerplate subtrees.
    let mut names = String::new();
    for index in 1..n_nodes {
        let parent = dom.nodes[index].parent as usize;
        if let Some(inherited) = facts.junk.get(parent).copied().flatten() {
            facts.junk[index] = Some(inherited);
            continue;
        }
        let Some(tag) = dom.tag(index as NodeId) else { continue };
        if matches!(tag, Tag::Html | Tag::Body) {
            continue;
        }
        let own = tag_junk(tag).or_else(|| attr_junk(dom, index as NodeId, &mut names));
        facts.junk[index] = own.filter(|junk| {
            // A container with most of the page's prose is the article, whatever it is called.
            junk.certain || raw_weight.get(index).copied().unwrap_or(0.0) <= 0.5 * page_weight
        });
    }

    // Pass 4, backward: own text per block, prose weight per subtree, and the cluster score of
    // each container. A paragraph's weight counts fully for its container, half for the
    // container's parent and a quarter for the grandparent (readability's rule): an article's
    // paragraphs are siblings in one container, while teaser summaries each sit in their own
    // wrapper, so the article's container collects the most.
    for index in (1..n_nodes).rev() {
        if facts.junk[index].is_none() && text_chars[index] > 0 {
            let owner = facts.owner[index] as usize;
            facts.own_chars[owner] += text_chars[index];
            facts.sub_chars[index] += text_chars[index];
            if facts.in_link[index] {
                facts.own_link_chars[owner] += text_chars[index];
                facts.sub_link_chars[index] += text_chars[index];
            }
        }
        let own_weight = prose_weight(facts.own_chars[index], facts.own_link_chars[index]);
        facts.weight[index] += own_weight;
        if own_weight > 0.0 {
            let is_paragraph = dom.tag(index as NodeId).is_some_and(is_paragraph_tag);
            let mut container = if is_paragraph { dom.nodes[index].parent } else { index as NodeId };
            if let Some(slot) = facts.direct.get_mut(container as usize) {
                *slot += own_weight;
            }
            for share in [1.0, 0.5, 0.25] {
                let Some(slot) = facts.cluster.get_mut(container as usize) else { break };
                *slot += share * own_weight;
                container = dom.nodes[container as usize].parent;
            }
        }
        facts.best_direct[index] = facts.best_direct[index].max(facts.direct[index]);
        let parent = dom.nodes[index].parent as usize;
        let (weight, best, chars, link_chars) = (
            facts.weight[index],
            facts.best_direct[index],
            facts.sub_chars[index],
            facts.sub_link_chars[index],
        );
        if parent < n_nodes {
            facts.weight[parent] += weight;
            facts.best_direct[parent] = facts.best_direct[parent].max(best);
            facts.sub_chars[parent] += chars;
            facts.sub_link_chars[parent] += link_chars;
        }
    }

    let body = choose_body(dom, &facts);
    let in_body = mark_body(dom, &facts, body);
    let blocks = cut_blocks(dom, &facts, &in_body);
    decide(blocks, title)
}

/// The best container for the article: the highest cluster score, discounted by its share of
/// linked text, with a bonus for a name that says "article" or "content".
fn choose_body(dom: &Dom, facts: &Facts) -> NodeId {
    let mut names = String::new();
    let mut body = Dom::ROOT;
    let mut body_score = 0f32;
    for (index, &cluster) in facts.cluster.iter().enumerate().skip(1) {
        if cluster <= 0.0 || facts.junk.get(index).copied().flatten().is_some() {
            continue;
        }
        let link_density = facts.link_density(index);
        lowercase_names(dom, index as NodeId, &mut names);
        let named_content = if names_content(&names) { CONTENT_NAME_BONUS } else { 1.0 };
        let score = cluster * (1.0 - link_density) * named_content;
        if score > body_score {
            body = index as NodeId;
            body_score = score;
        }
    }
    body
}

/// Marks the body and the relatives that continue it, with all their descendants.
fn mark_body(dom: &Dom, facts: &Facts, body: NodeId) -> Vec<bool> {
    let n_nodes = dom.nodes.len();
    // The body and the relatives that continue it: walking up a few levels, any sibling whose
    // prose sits in one cluster (the rest of an article split around an inline ad or into
    // several columns) or that is itself a paragraph of prose. Teaser lists never qualify:
    // their prose is spread over one wrapper per teaser.
    let mut in_body = vec![false; n_nodes];
    if let Some(slot) = in_body.get_mut(body as usize) {
        *slot = true;
    }
    let body_weight = facts.weight.get(body as usize).copied().unwrap_or(0.0).max(1.0);
    let mut level = body;
    for _ in 0..MAX_CLIMB {
        let parent = dom.node(level).map_or(NONE, |node| node.parent);
        if parent == NONE
            || parent == Dom::ROOT
            || facts.junk.get(parent as usize).copied().flatten().is_some()
        {
            break;
        }
        for sibling in dom.children(parent) {
            let index = sibling as usize;
            if sibling == level || index >= n_nodes || facts.junk[index].is_some() {
                continue;
            }
            let weight = facts.weight[index];
            let link_density = facts.link_density(index);
            let continues_cluster = weight >= SIBLING_SHARE * body_weight
                && facts.best_direct[index] >= 0.5 * weight
                && link_density < MAX_CONTINUATION_LINK_DENSITY;
            let is_prose_paragraph = dom.tag(sibling).is_some_and(is_paragraph_tag)
                && weight >= SIBLING_PARAGRAPH_CHARS
                && link_density < MAX_CONTINUATION_LINK_DENSITY;
            in_body[index] = continues_cluster || is_prose_paragraph;
        }
        level = parent;
    }
    for index in 1..n_nodes {
        let parent = dom.nodes[index].parent as usize;
        if in_body.get(parent).copied().unwrap_or(false) {
            in_body[index] = true;
        }
    }

    in_body
}

/// The prose weight of a block from the text it owns: its unlinked chars when it is long enough
/// and not mostly links, else nothing.
fn prose_weight(own_chars: u32, own_link_chars: u32) -> f32 {
    if own_chars >= MIN_PROSE_CHARS && (own_link_chars as f32) <= MAX_PROSE_LINK_DENSITY * own_chars as f32 {
        own_chars.saturating_sub(own_link_chars) as f32
    } else {
        0.0
    }
}

/// One run of text between block boundaries.
#[derive(Debug)]
struct Block {
    text: String,
    chars: usize,
    link_chars: usize,
    in_body: bool,
    heading: Option<Tag>,
    in_list_item: bool,
    junk: Option<RemovalReason>,
}

struct Cutter<'a> {
    dom: &'a Dom,
    blocks: Vec<Block>,
    text: String,
    chars: usize,
    link_chars: usize,
    pending_space: bool,
}

impl Cutter<'_> {
    fn push_text(&mut self, text: &str, in_link: bool) {
        for ch in text.chars() {
            if ch.is_whitespace() {
                self.pending_space = true;
                continue;
            }
            if self.pending_space && !self.text.is_empty() {
                self.text.push(' ');
            }
            self.pending_space = false;
            self.text.push(ch);
            self.chars += char_weight(ch) as usize;
            if in_link {
                self.link_chars += char_weight(ch) as usize;
            }
        }
    }

    fn flush(&mut self, facts: &Facts, in_body: &[bool], at: NodeId) {
        self.pending_space = false;
        if self.text.is_empty() {
            return;
        }
        let owner = facts.owner.get(at as usize).copied().unwrap_or(Dom::ROOT);
        let mut heading = None;
        let mut in_list_item = false;
        // The nearest heading or list item among the block's ancestors, a few levels up.
        let mut cursor = owner;
        for _ in 0..4 {
            match self.dom.tag(cursor) {
                Some(tag) if tag.is_heading() => heading = heading.or(Some(tag)),
                Some(Tag::Li) => in_list_item = true,
                _ => {}
            }
            cursor = self.dom.node(cursor).map_or(NONE, |node| node.parent);
        }
        self.blocks.push(Block {
            text: std::mem::take(&mut self.text),
            chars: self.chars,
            link_chars: self.link_chars,
            in_body: in_body.get(at as usize).copied().unwrap_or(false),
            heading,
            in_list_item,
            junk: None,
        });
        self.chars = 0;
        self.link_chars = 0;
    }
}

/// Cuts the whole page into blocks in document order; a boilerplate subtree becomes one block
/// carrying its reason.
fn cut_blocks(dom: &Dom, facts: &Facts, in_body: &[bool]) -> Vec<Block> {
    let mut cutter = Cutter {
        dom,
        blocks: Vec::new(),
        text: String::new(),
        chars: 0,
        link_chars: 0,
        pending_space: false,
    };
    // The node of the last text appended, so a flush knows which block the text belonged to.
    let mut last_text_node = Dom::ROOT;
    let mut stack: Vec<(NodeId, bool)> = vec![(Dom::ROOT, true)];
    while let Some((id, entering)) = stack.pop() {
        let Some(node) = dom.node(id) else { continue };
        match node.data {
            NodeData::Text { .. } => {
                cutter.push_text(
                    dom.text(id).unwrap_or(""),
                    facts.in_link.get(id as usize).copied().unwrap_or(false),
                );
                last_text_node = id;
            }
            NodeData::Element { tag, .. } => {
                let is_block_tag = is_block(tag);
                if !entering {
                    if is_block_tag {
                        cutter.flush(facts, in_body, last_text_node);
                    }
                    continue;
                }
                let junk = facts.junk.get(id as usize).copied().flatten();
                let junk_root =
                    junk.is_some() && facts.junk.get(node.parent as usize).copied().flatten().is_none();
                if let Some(junk) = junk.filter(|_| junk_root) {
                    if !junk.silent {
                        // A boilerplate subtree inside a paragraph (a share button, a hidden
                        // span) must not split the paragraph's text.
                        if is_block_tag {
                            cutter.flush(facts, in_body, last_text_node);
                        }
                        let text = collapse(&dom.text_content_visible(id));
                        if !text.is_empty() {
                            cutter.blocks.push(Block {
                                chars: count_visible(&text) as usize,
                                text,
                                link_chars: 0,
                                in_body: false,
                                heading: None,
                                in_list_item: false,
                                junk: Some(junk.reason),
                            });
                        }
                    }
                    continue;
                }
                if is_block_tag {
                    cutter.flush(facts, in_body, last_text_node);
                }
                stack.push((id, false));
                let first = stack.len();
                stack.extend(dom.children(id).map(|child| (child, true)));
                if let Some(children) = stack.get_mut(first..) {
                    children.reverse();
                }
            }
            NodeData::Document => {
                let first = stack.len();
                stack.extend(dom.children(id).map(|child| (child, true)));
                if let Some(children) = stack.get_mut(first..) {
                    children.reverse();
                }
            }
        }
    }
    cutter.flush(facts, in_body, last_text_node);
    cutter.blocks
}

/// Collapses every run of whitespace to one space and trims.
pub(crate) fn collapse(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Lowercased, whitespace-collapsed form used to compare a block with the title.
fn comparable(text: &str) -> String {
    collapse(text).to_lowercase()
}

/// Decides for each block whether it is kept, and why not.
fn decide(blocks: Vec<Block>, title: Option<&str>) -> Extraction {
    let title_key = title.map(comparable).filter(|key| !key.is_empty());
    // First pass: verdicts that need no context.
    let mut verdicts: Vec<Option<RemovalReason>> = Vec::with_capacity(blocks.len());
    let mut good = Vec::with_capacity(blocks.len());
    let mut body_heading = None;
    for block in &blocks {
        let link_density = block.link_chars as f32 / block.chars.max(1) as f32;
        let verdict = if let Some(reason) = block.junk {
            Some(reason)
        } else if !block.in_body {
            Some(if link_density > MAX_PROSE_LINK_DENSITY {
                RemovalReason::Navigation
            } else {
                RemovalReason::LowContent
            })
        } else if title_key.as_deref().is_some_and(|key| comparable(&block.text) == key) {
            Some(RemovalReason::Title)
        } else if block.heading == Some(Tag::H1) {
            if body_heading.is_none() {
                body_heading = Some(block.text.clone());
            }
            Some(RemovalReason::Title)
        } else if link_density > MAX_PROSE_LINK_DENSITY {
            Some(if block.in_list_item { RemovalReason::Navigation } else { RemovalReason::Related })
        } else if block.chars < SHORT_BLOCK_CHARS {
            furniture_reason(&block.text)
        } else {
            None
        };
        good.push(verdict.is_none() && block.heading.is_none() && block.chars >= SHORT_BLOCK_CHARS);
        verdicts.push(verdict);
    }
    // Second pass: a few short lines before the first or after the last real paragraph are
    // bylines, datelines, tag lines and sign-offs, not article text. A long run of them is a
    // list or a table that belongs to the article (tour dates, results), so it stays, and so
    // does a short line that ends like a sentence.
    let first_good = good.iter().position(|&g| g);
    let last_good = good.iter().rposition(|&g| g);
    if let (Some(first_good), Some(last_good)) = (first_good, last_good) {
        for edge in [0..first_good, last_good + 1..blocks.len()] {
            let candidates: Vec<usize> =
                edge.filter(|&index| verdicts.get(index).is_some_and(Option::is_none)).collect();
            if candidates.len() > MAX_EDGE_RUN {
                continue;
            }
            for index in candidates {
                let Some(block) = blocks.get(index) else { continue };
                if ends_like_sentence(&block.text) {
                    continue;
                }
                let reason = if crate::text::credit_of(&block.text).is_some() {
                    RemovalReason::Credit
                } else {
                    RemovalReason::LowContent
                };
                if let Some(verdict) = verdicts.get_mut(index) {
                    *verdict = Some(reason);
                }
            }
        }
    }
    let mut extraction = Extraction { body_heading, ..Extraction::default() };
    for (block, verdict) in blocks.into_iter().zip(verdicts) {
        match verdict {
            None => extraction.blocks.push(block.text),
            Some(reason) => {
                crate::removed::record(&mut extraction.removed, &block.text, reason);
            }
        }
    }
    extraction
}

/// True when `text` ends as a sentence does, with a full stop, question or exclamation mark
/// (also inside closing quotes), in Latin or CJK punctuation. Bylines, dates and labels do not.
fn ends_like_sentence(text: &str) -> bool {
    let trimmed = text.trim_end_matches(['"', '\'', '”', '’', '»', ')', ' ']);
    count_visible(trimmed) >= 30 && trimmed.ends_with(['.', '!', '?', '。', '！', '？'])
}

impl Dom {
    /// The text of a subtree, skipping script and style contents.
    pub(crate) fn text_content_visible(&self, id: NodeId) -> String {
        let mut out = String::new();
        let mut walk = self.descendants(id);
        while let Some(node) = walk.next() {
            match self.tag(node) {
                Some(Tag::Script | Tag::Style | Tag::Template) => walk.skip_subtree(node),
                Some(tag) => {
                    if is_block(tag) {
                        out.push(' ');
                    }
                }
                None => {
                    if let Some(text) = self.text(node) {
                        out.push_str(text);
                    }
                }
            }
            if out.len() > 4 * crate::removed::MAX_REMOVED_CHARS {
                break;
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(html: &str, expected_kept: &[&str], expected_removed: &[(&str, RemovalReason)]) {
        let dom = Dom::parse(html);
        let extraction = extract(&dom, Some("The Headline"));
        assert_eq!(extraction.blocks, expected_kept, "{html}");
        let removed: Vec<(&str, RemovalReason)> =
            extraction.removed.iter().map(|removed| (removed.text.as_str(), removed.reason)).collect();
        assert_eq!(removed, expected_removed, "{html}");
    }

    const PARAGRAPH: &str =
        "Officials said the blast struck a crowded market on Thursday, killing several people.";

    #[test]
    fn keeps_the_body_and_drops_furniture() {
        check(
            &format!(
                "<nav><a href=/>Home</a></nav><article><h1>The Headline</h1><p>By Jane Doe</p>\
                 <p>{PARAGRAPH}</p><div class=share>Share this</div><p>{PARAGRAPH}</p>\
                 <ul><li>Point one</li><li>Point two</li></ul><p>{PARAGRAPH}</p></article>\
                 <footer>© Example News</footer><script>var x;</script>"
            ),
            &[PARAGRAPH, PARAGRAPH, "Point one", "Point two", PARAGRAPH],
            &[
                ("Home", RemovalReason::Navigation),
                ("The Headline", RemovalReason::Title),
                ("By Jane Doe", RemovalReason::Byline),
                ("Share this", RemovalReason::Social),
                ("© Example News", RemovalReason::Footer),
            ],
        );
    }

    #[test]
    fn keeps_text_split_by_line_breaks_and_drops_link_lists() {
        check(
            &format!(
                "<div><div>{PARAGRAPH}<br><br>{PARAGRAPH}</div><div><a href=1>Other story one with a long headline</a></div></div>"
            ),
            &[PARAGRAPH, PARAGRAPH],
            &[("Other story one with a long headline", RemovalReason::Navigation)],
        );
    }

    #[test]
    fn handles_empty_and_deep_pages() {
        check("", &[], &[]);
        let depth = 200_000;
        let html = format!("{}{PARAGRAPH}{}", "<div>".repeat(depth), "</div>".repeat(depth));
        check(&html, &[PARAGRAPH], &[]);
    }
}

//! Measures how far the tokenizer and sentence splitter agree with a Universal Dependencies
//! treebank's own tokens and sentences.
//!
//! Usage: `cargo run -p sightline-nlp --release --example ud_agreement -- FILE.iob2`, for
//! instance `../shared/data/ner/uner-en/en_pud-ud-test.iob2` (news and Wikipedia, each sentence
//! with its original `# text =` line; the EWT files there carry text that was already
//! tokenized, "do n't", so they cannot measure a tokenizer). Token agreement is the F1 of exact byte spans, ours against the
//! treebank's, over each sentence's text. Sentence agreement joins the sentences of each
//! document with one space, splits the result, and scores the sentence ends found against the
//! treebank's (precision, recall). UD splits every hyphen ("anti - Taliban") where we keep
//! compound names whole, so part of the token disagreement is by design; the example prints
//! the most frequent disagreements so that the rest can be read.

use std::collections::HashMap;

struct Sentence {
    doc: String,
    text: String,
    tokens: Vec<String>,
}

fn read(path: &str) -> Result<Vec<Sentence>, Box<dyn std::error::Error>> {
    let raw = std::fs::read_to_string(path).map_err(|error| format!("cannot read {path}: {error}"))?;
    let mut sentences = Vec::new();
    let mut doc = String::new();
    let mut current: Option<Sentence> = None;
    for line in raw.lines() {
        if let Some(id) = line.strip_prefix("# newdoc id = ") {
            doc = id.to_string();
        } else if let Some(text) = line.strip_prefix("# text = ") {
            current = Some(Sentence { doc: doc.clone(), text: text.to_string(), tokens: Vec::new() });
        } else if line.is_empty() {
            sentences.extend(current.take());
        } else if !line.starts_with('#') {
            if let (Some(sentence), Some(form)) = (current.as_mut(), line.split('\t').nth(1)) {
                sentence.tokens.push(form.to_string());
            }
        }
    }
    sentences.extend(current.take());
    Ok(sentences)
}

/// The byte spans of `forms` found in order in `text`, or `None` when one is missing.
fn gold_spans(text: &str, forms: &[String]) -> Option<Vec<(usize, usize)>> {
    let mut spans = Vec::new();
    let mut from = 0;
    for form in forms {
        let start = from + text.get(from..)?.find(form.as_str())?;
        spans.push((start, start + form.len()));
        from = start + form.len();
    }
    Some(spans)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: ud_agreement FILE.iob2")?;
    let sentences = read(&path)?;

    let (mut n_gold, mut n_ours, mut n_both) = (0usize, 0usize, 0usize);
    let mut disagreements: HashMap<String, usize> = HashMap::new();
    for sentence in &sentences {
        let Some(gold) = gold_spans(&sentence.text, &sentence.tokens) else { continue };
        let ours: Vec<(usize, usize)> = sightline_nlp::tokenize(&sentence.text)
            .iter()
            .map(|token| (token.byte_start, token.byte_end))
            .collect();
        n_gold += gold.len();
        n_ours += ours.len();
        for span in &ours {
            if gold.binary_search(span).is_ok() {
                n_both += 1;
            } else {
                *disagreements.entry(sentence.text[span.0..span.1].to_string()).or_default() += 1;
            }
        }
    }
    let precision = n_both as f64 / n_ours.max(1) as f64;
    let recall = n_both as f64 / n_gold.max(1) as f64;
    println!(
        "tokens: gold {n_gold}, ours {n_ours}, same span {n_both}; P {:.4} R {:.4} F1 {:.4}",
        precision,
        recall,
        2.0 * precision * recall / (precision + recall).max(f64::EPSILON)
    );
    let mut frequent: Vec<(String, usize)> = disagreements.into_iter().collect();
    frequent.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let shown: Vec<String> = frequent.iter().take(25).map(|(text, n)| format!("{text} ({n})")).collect();
    println!("our tokens the treebank splits otherwise, most frequent: {}", shown.join(", "));

    // Sentence ends: join each document's sentences with a space and split again.
    let (mut n_gold_ends, mut n_our_ends, mut n_same_ends) = (0usize, 0usize, 0usize);
    let mut index = 0;
    while index < sentences.len() {
        let doc = &sentences[index].doc;
        let mut text = String::new();
        let mut gold_ends = Vec::new();
        while index < sentences.len() && &sentences[index].doc == doc {
            if !text.is_empty() {
                text.push(' ');
            }
            text.push_str(sentences[index].text.trim_end());
            gold_ends.push(text.len());
            index += 1;
        }
        let tokens = sightline_nlp::tokenize(&text);
        let ours: Vec<usize> =
            sightline_nlp::split_sentences(&text, &tokens).iter().map(|sentence| sentence.byte_end).collect();
        n_gold_ends += gold_ends.len();
        n_our_ends += ours.len();
        n_same_ends += ours.iter().filter(|end| gold_ends.contains(end)).count();
    }
    println!(
        "sentence ends: gold {n_gold_ends}, ours {n_our_ends}, same {n_same_ends}; P {:.4} R {:.4}",
        n_same_ends as f64 / n_our_ends.max(1) as f64,
        n_same_ends as f64 / n_gold_ends.max(1) as f64
    );
    Ok(())
}

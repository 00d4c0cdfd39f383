//! Lists the actor mentions and defined acronyms the knowledge base finds in text files, to
//! inspect what linking will see.
//!
//! ```text
//! cargo run --release -p sightline-kb --example find_actors -- ../shared/corpus/seeds/*.txt
//! ```

use sightline_kb::{find_defined_acronyms, ActorTable};

fn main() -> std::io::Result<()> {
    let actors = ActorTable::builtin();
    for path in std::env::args().skip(1) {
        let text = std::fs::read_to_string(&path)?;
        println!("== {path}");
        for mention in actors.find_mentions(&text) {
            let names: Vec<String> = mention
                .actors
                .iter()
                .map(|idx| {
                    let actor = actors.actor(*idx);
                    format!("{} [{}]", actor.id, actor.kind.as_str())
                })
                .collect();
            println!(
                "{:>6} {:<40} {}",
                mention.byte_start,
                &text[mention.byte_start..mention.byte_end],
                names.join(", ")
            );
        }
        for definition in find_defined_acronyms(&text) {
            println!(
                "acronym {} = {}",
                &text[definition.short.0..definition.short.1],
                &text[definition.long.0..definition.long.1]
            );
        }
    }
    Ok(())
}

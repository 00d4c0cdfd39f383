//! The trained model: quantised weights and the binary file that stores them.
//!
//! A tagger has one weight table per stage (see [`super::Tagger`]: the second stage reads the
//! first stage's tags). Weights are stored as `i16` with one scale per table. Tagging only
//! compares scores, so the scale never needs applying at tagging time, and 16 bits keep more
//! than enough resolution (the largest weight maps to 32767, and weights far below the
//! smallest step do not change a decision). That halves the file against `f32`, which matters
//! because the model is embedded in the binary.
//!
//! File layout, all integers little-endian:
//!
//! | bytes | field |
//! |---|---|
//! | 8 | magic `SLNERMDL` |
//! | 4 | format version (3) |
//! | 4 | feature version ([`FEATURE_VERSION`]) |
//! | 4 | number of tags |
//! | 4 | log2 of the number of buckets |
//! | 4 | number of stages (1 or 2) |
//! | 8 | checksum: FNV-1a 64 of every byte after the header, eight bytes at a time |
//! | 8 | fingerprint of the word lists the features read (gazetteer, clusters) |
//! | per stage | scale (`f32`, the weight that `i16` 1 stands for), then weights, `i16`, bucket-major |
//!
//! Every field is checked on load, so a truncated, corrupt or foreign file is a
//! [`ModelError`], never a panic or a silently wrong tagger.

use thiserror::Error;

use super::features::FEATURE_VERSION;

const MAGIC: &[u8; 8] = b"SLNERMDL";
const FORMAT_VERSION: u32 = 3;
const HEADER_LEN: usize = 44;
/// A tagger has one or two stages.
const MAX_STAGES: u32 = 2;
/// More buckets than this is not a model anyone meant to embed (2^26 rows of 9 tags is 1 GiB).
const MAX_BUCKET_BITS: u32 = 26;

/// Why a model file could not be read.
#[derive(Debug, Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum ModelError {
    /// The bytes are shorter than the header.
    #[error("ner model is {0} bytes, shorter than its {HEADER_LEN}-byte header")]
    TooShort(usize),
    /// The file does not start with the magic bytes.
    #[error("ner model does not start with the magic bytes SLNERMDL: not a sightline ner model")]
    BadMagic,
    /// The file was written by another version of the format or the features.
    #[error("ner model has format version {format} and feature version {features}; this build reads {FORMAT_VERSION} and {FEATURE_VERSION}")]
    Version {
        /// The file's format version.
        format: u32,
        /// The file's feature version.
        features: u32,
    },
    /// The header's tag count or bucket count is not one this build can use.
    #[error("ner model header is invalid: {0}")]
    BadHeader(String),
    /// The weights are not as long as the header says.
    #[error("ner model has {found} weight bytes where its header implies {expected}")]
    Length {
        /// Bytes the header implies.
        expected: usize,
        /// Bytes present.
        found: usize,
    },
    /// The model was trained with other word lists (gazetteer, clusters) than this build has.
    #[error(
        "ner model was trained with word lists {found:016x}; this build has {expected:016x}: retrain it"
    )]
    Resources {
        /// The fingerprint of this build's lists.
        expected: u64,
        /// The fingerprint the file records.
        found: u64,
    },
    /// The weights do not match their checksum.
    #[error("ner model weights do not match their checksum: the file is corrupt")]
    Checksum,
}

/// Quantised weights, ready to score.
#[derive(Clone)]
pub(crate) struct Model {
    pub(crate) n_tags: usize,
    bucket_bits: u32,
    scale: f32,
    weights: Vec<i16>,
}

/// What a model file holds: each stage's weights and the fingerprint of the word lists they
/// were trained with.
pub(crate) struct ModelFile {
    pub(crate) stages: Vec<Model>,
    pub(crate) resources: u64,
}

/// FNV-1a 64 over the bytes taken eight at a time (little-endian words, the last one padded
/// with zeros): a byte at a time, one multiplication per byte, was 5% of `sightline bench ner`
/// on CoNLL test with the 9.4 MB two-stage model, which every pass loads.
fn checksum(bytes: &[u8]) -> u64 {
    bytes.chunks(8).fold(0xcbf2_9ce4_8422_2325u64, |hash, chunk| {
        let mut word = [0u8; 8];
        word.get_mut(..chunk.len()).unwrap_or(&mut []).copy_from_slice(chunk);
        (hash ^ u64::from_le_bytes(word)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

fn read_u32(bytes: &[u8], at: usize) -> u32 {
    let mut word = [0u8; 4];
    if let Some(slice) = bytes.get(at..at + 4) {
        word.copy_from_slice(slice);
    }
    u32::from_le_bytes(word)
}

impl Model {
    /// Quantises `weights` (`(1 << bucket_bits) * n_tags` of them) to `i16`.
    pub(crate) fn quantise(weights: &[f32], bucket_bits: u32, n_tags: usize) -> Model {
        let largest = weights.iter().fold(0f32, |largest, weight| largest.max(weight.abs()));
        let scale = if largest > 0.0 { largest / f32::from(i16::MAX) } else { 1.0 };
        let weights = weights.iter().map(|weight| (weight / scale).round() as i16).collect();
        Model { n_tags, bucket_bits, scale, weights }
    }

    /// Adds the features' rows into `scores` as `f32`, the form the decoder takes; `N` is the
    /// number of tags, which loading checked against the file.
    pub(crate) fn score_into<const N: usize>(&self, features: &[u64], scores: &mut [f32; N]) {
        // A fixed row length lets the compiler unroll the row sum: this loop is most of the
        // tagging time (a random read of one row per feature).
        let mask = (1u64 << self.bucket_bits) - 1;
        let mut integer_scores = [0i32; N];
        for &feature in features {
            let row = (feature & mask) as usize * N;
            if let Some(weights) = self.weights.get(row..row + N) {
                for (score, &weight) in integer_scores.iter_mut().zip(weights) {
                    *score += i32::from(weight);
                }
            }
        }
        // Sums of a few dozen i16 weights are far below 2^24, so f32 holds them exactly.
        for (score, integer) in scores.iter_mut().zip(integer_scores) {
            *score += integer as f32;
        }
    }
}

impl ModelFile {
    /// The models as a file; every stage must have the same tags and buckets.
    pub(crate) fn to_bytes(&self) -> Vec<u8> {
        let (n_tags, bucket_bits) =
            self.stages.first().map_or((0, 0), |model| (model.n_tags, model.bucket_bits));
        let mut payload = Vec::new();
        for model in &self.stages {
            payload.extend_from_slice(&model.scale.to_le_bytes());
            for weight in &model.weights {
                payload.extend_from_slice(&weight.to_le_bytes());
            }
        }
        let mut bytes = Vec::with_capacity(HEADER_LEN + payload.len());
        bytes.extend_from_slice(MAGIC);
        bytes.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        bytes.extend_from_slice(&FEATURE_VERSION.to_le_bytes());
        bytes.extend_from_slice(&(n_tags as u32).to_le_bytes());
        bytes.extend_from_slice(&bucket_bits.to_le_bytes());
        bytes.extend_from_slice(&(self.stages.len() as u32).to_le_bytes());
        bytes.extend_from_slice(&checksum(&payload).to_le_bytes());
        bytes.extend_from_slice(&self.resources.to_le_bytes());
        bytes.extend_from_slice(&payload);
        bytes
    }

    /// Reads a model file, checking every header field and the checksum; `n_tags` is the
    /// number of tags this build's tag set has.
    pub(crate) fn from_bytes(bytes: &[u8], n_tags: usize) -> Result<ModelFile, ModelError> {
        let (header, payload) = match (bytes.get(..HEADER_LEN), bytes.get(HEADER_LEN..)) {
            (Some(header), Some(payload)) => (header, payload),
            _ => return Err(ModelError::TooShort(bytes.len())),
        };
        if header.get(..8) != Some(MAGIC.as_slice()) {
            return Err(ModelError::BadMagic);
        }
        let (format, features) = (read_u32(header, 8), read_u32(header, 12));
        if format != FORMAT_VERSION || features != FEATURE_VERSION {
            return Err(ModelError::Version { format, features });
        }
        let file_tags = read_u32(header, 16) as usize;
        if file_tags != n_tags {
            return Err(ModelError::BadHeader(format!("{file_tags} tags where this build has {n_tags}")));
        }
        let bucket_bits = read_u32(header, 20);
        if bucket_bits > MAX_BUCKET_BITS {
            return Err(ModelError::BadHeader(format!(
                "2^{bucket_bits} buckets, more than 2^{MAX_BUCKET_BITS}"
            )));
        }
        let n_stages = read_u32(header, 24);
        if !(1..=MAX_STAGES).contains(&n_stages) {
            return Err(ModelError::BadHeader(format!("{n_stages} stages where 1 or 2 can be read")));
        }
        let mut stored_checksum = [0u8; 8];
        stored_checksum.copy_from_slice(header.get(28..36).unwrap_or(&[0; 8]));
        let mut resources = [0u8; 8];
        resources.copy_from_slice(header.get(36..44).unwrap_or(&[0; 8]));
        let resources = u64::from_le_bytes(resources);
        let table_len = 4 + (1usize << bucket_bits) * n_tags * 2;
        let expected = table_len * n_stages as usize;
        if payload.len() != expected {
            return Err(ModelError::Length { expected, found: payload.len() });
        }
        if checksum(payload) != u64::from_le_bytes(stored_checksum) {
            return Err(ModelError::Checksum);
        }
        let mut stages = Vec::new();
        for table in payload.chunks_exact(table_len) {
            let scale = f32::from_le_bytes(read_u32(table, 0).to_le_bytes());
            if !scale.is_finite() || scale <= 0.0 {
                return Err(ModelError::BadHeader(format!("scale {scale} is not a positive number")));
            }
            let weights = table
                .get(4..)
                .unwrap_or(&[])
                .chunks_exact(2)
                .map(|pair| i16::from_le_bytes([pair[0], pair[1]]))
                .collect();
            stages.push(Model { n_tags, bucket_bits, scale, weights });
        }
        Ok(ModelFile { stages, resources })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small_model() -> Model {
        let weights: Vec<f32> = (0..4 * 3).map(|index| index as f32 - 5.0).collect();
        Model::quantise(&weights, 2, 3)
    }

    fn check(bytes: &[u8], expected: Result<usize, ModelError>) {
        assert_eq!(ModelFile::from_bytes(bytes, 3).map(|file| file.stages.len()), expected);
    }

    #[test]
    fn round_trip_and_corruption() {
        let bytes = ModelFile { stages: vec![small_model()], resources: 7 }.to_bytes();
        check(&bytes, Ok(1));
        let two = ModelFile { stages: vec![small_model(), small_model()], resources: 7 }.to_bytes();
        check(&two, Ok(2));
        check(&two[..two.len() - 28], Err(ModelError::Length { expected: 56, found: 28 }));
        check(&bytes[..10], Err(ModelError::TooShort(10)));
        check(&bytes[..bytes.len() - 1], Err(ModelError::Length { expected: 28, found: 27 }));
        let mut flipped = bytes.clone();
        if let Some(last) = flipped.last_mut() {
            *last ^= 1;
        }
        check(&flipped, Err(ModelError::Checksum));
        let mut foreign = bytes.clone();
        foreign[0] = b'X';
        check(&foreign, Err(ModelError::BadMagic));
        let mut huge = bytes.clone();
        huge[20] = 60;
        check(&huge, Err(ModelError::BadHeader("2^60 buckets, more than 2^26".into())));
        let mut many = bytes.clone();
        many[24] = 3;
        check(&many, Err(ModelError::BadHeader("3 stages where 1 or 2 can be read".into())));
        check(&[], Err(ModelError::TooShort(0)));
    }

    #[test]
    fn quantised_scores_keep_the_order() {
        let model = small_model();
        let mut scores = [0f32; 3];
        model.score_into(&[1, 5], &mut scores);
        // Rows 1 and 1 again (5 wraps to bucket 1): weights -2, -1, 0 twice.
        assert!(scores[0] < scores[1] && scores[1] < scores[2]);
        assert_eq!(scores[2], 0.0);
    }
}

//! Cleaning JSONL records in place with chaff.
//!
//! A record is edited by splicing, not by re-serialising: the text field's
//! removed spans are cut out of its original JSON, and every other byte of
//! the record (key order, number formatting, escapes) comes out as it went
//! in. The `chaff` command line (`chaff clean --jsonl`) and the Python
//! package (`Scrubber.clean_jsonl`) both clean records with this crate, so
//! the two write the same bytes.

#![forbid(unsafe_code)]

mod lines;
mod record;

pub use lines::{LineOutcome, RemovedLines, clean_documents, clean_lines, split_terminator};
pub use record::{FieldPath, Located, RecordError, locate, rewrite};

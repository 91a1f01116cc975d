//! Properties users rely on, over generated documents, through the real
//! component: the output is the input with spans cut out, spans are sound,
//! cleaning is idempotent, and the component agrees with the native engine.

use chaff_common::strategies::document;
use proptest::prelude::*;

use crate::{builtin, reconstruct};

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn output_is_the_input_minus_the_removals(doc in document(40)) {
        let outcome = builtin().clean(&doc).expect("clean");
        prop_assert_eq!(reconstruct(&doc, &outcome), outcome.text.clone());
        for r in &outcome.removals {
            prop_assert!(r.end <= doc.len());
            prop_assert!(doc.is_char_boundary(r.start) && doc.is_char_boundary(r.end));
        }
    }

    #[test]
    fn kept_lines_keep_their_order(doc in document(40)) {
        let outcome = builtin().clean(&doc).expect("clean");
        // Each output line is found, in order, among the input lines (whole,
        // or with an inline span cut from it).
        let mut input_lines = doc.split('\n');
        for kept in outcome.text.split('\n').filter(|l| !l.trim().is_empty()) {
            prop_assert!(
                input_lines.any(|l| l == kept || l.starts_with(kept.trim_end())),
                "line {:?} is not in the input in order", kept
            );
        }
    }

    #[test]
    fn cleaning_is_idempotent(doc in document(40)) {
        let once = builtin().clean(&doc).expect("clean");
        let twice = builtin().clean(&once.text).expect("clean again");
        prop_assert_eq!(twice.text, once.text);
    }

    #[test]
    fn component_matches_native_engine(doc in document(40)) {
        let native = crate::native();
        let ours = builtin().clean(&doc).expect("clean");
        let theirs = native.clean(&doc);
        prop_assert_eq!(&ours.text, &theirs.text);
        let a: Vec<_> = ours.removals.iter().map(|r| (r.rule.clone(), r.start, r.end)).collect();
        let b: Vec<_> = theirs.removals.iter().map(|r| (r.rule.to_string(), r.start, r.end)).collect();
        prop_assert_eq!(a, b);
    }
}

//! Engine properties over many generated documents (native, so thousands of
//! cases run in seconds): output = input minus removals, spans sound, and
//! cleaning is idempotent.

use std::sync::OnceLock;

use chaff_common::strategies::document;
use chaff_engine::Scrubber;
use proptest::prelude::*;

fn builtin() -> &'static Scrubber {
    static SCRUBBER: OnceLock<Scrubber> = OnceLock::new();
    SCRUBBER.get_or_init(Scrubber::builtin)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn output_is_input_minus_removals_and_cleaning_is_idempotent(doc in document(50)) {
        let scrubber = builtin();
        let once = scrubber.clean(&doc);
        let rebuilt = chaff_common::cut_checked(&doc, once.removals.iter().map(|r| (r.start, r.end)));
        prop_assert_eq!(rebuilt.as_ref(), Ok(&once.text));
        let twice = scrubber.clean(&once.text);
        prop_assert!(twice.removals.is_empty(), "second pass removed {:?}", twice.removals);
    }
}

//! Engine properties over many generated documents (native, so thousands of
//! cases run in seconds): output = input minus removals, spans sound, and
//! cleaning is idempotent.

use std::sync::OnceLock;

use chaff_engine::Scrubber;
use proptest::prelude::*;

fn builtin() -> &'static Scrubber {
    static SCRUBBER: OnceLock<Scrubber> = OnceLock::new();
    SCRUBBER.get_or_init(Scrubber::builtin)
}

fn line() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just(String::new()),
        Just("Related".to_string()),
        Just("Recommendation".to_string()),
        Just("You may also like".to_string()),
        Just("- Council votes to keep the library open late".to_string()),
        Just("* Bridge closure to last another six weeks".to_string()),
        Just("Storm warning issued for the weekend across the north.".to_string()),
        Just("Museum reopens after a long restoration".to_string()),
        Just("Read More: Ferry timetable changes for summer".to_string()),
        Just("Read more about the plan in the report.".to_string()),
        Just("Credit: Example Photos".to_string()),
        Just("Credit Suisse shares fell 5%".to_string()),
        Just("niceWork! (48213)".to_string()),
        Just("A paragraph that ends in spam. niceWork! (48213)".to_string()),
        Just("View niceWork! (48213)".to_string()),
        Just("Home > News > Local".to_string()),
        Just("Date:2026-03-02 09:15:07".to_string()),
        Just("View".to_string()),
        Just("Leave a Comment".to_string()),
        Just("Background".to_string()),
        Just("The council said the work would take two more years, and that costs had risen sharply since the spring.".to_string()),
        "[a-zA-Z ,.!?()'-]{0,60}",
        any::<String>().prop_map(|s| s.replace(['\n', '\r'], " ")),
    ]
}

fn document() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(line(), 0..50),
        prop_oneof![Just("\n"), Just("\r\n")],
        any::<bool>(),
    )
        .prop_map(|(lines, ending, trailing)| {
            let mut doc = lines.join(ending);
            if trailing {
                doc.push_str(ending);
            }
            doc
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn output_is_input_minus_removals_and_cleaning_is_idempotent(doc in document()) {
        let scrubber = builtin();
        let once = scrubber.clean(&doc);
        let mut rebuilt = String::new();
        let mut pos = 0;
        for r in &once.removals {
            prop_assert!(r.start >= pos && r.start < r.end && r.end <= doc.len());
            prop_assert!(doc.is_char_boundary(r.start) && doc.is_char_boundary(r.end));
            rebuilt.push_str(&doc[pos..r.start]);
            pos = r.end;
        }
        rebuilt.push_str(&doc[pos..]);
        prop_assert_eq!(&rebuilt, &once.text);
        let twice = scrubber.clean(&once.text);
        prop_assert!(twice.removals.is_empty(), "second pass removed {:?}", twice.removals);
    }
}

//! Cleaning reaches its fixed point in one run: chained spam tokens and
//! stacked or nested "Related" lists go in one `clean`, and cleaning the
//! output again removes nothing.

use std::sync::OnceLock;

use chaff_engine::Scrubber;
use proptest::prelude::*;

fn builtin() -> &'static Scrubber {
    static SCRUBBER: OnceLock<Scrubber> = OnceLock::new();
    SCRUBBER.get_or_init(Scrubber::builtin)
}

const BODY: &str = "The council met on Tuesday to discuss the new budget for the harbour and agreed to it after a long debate.\n";

fn assert_one_run(scrubber: &Scrubber, text: &str) -> String {
    let once = scrubber.clean(text).text;
    let twice = scrubber.clean(&once);
    assert!(
        twice.removals.is_empty(),
        "a second run removed {:?} from {once:?}",
        twice.removals
    );
    once
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn a_chain_of_spam_tokens_goes_in_one_run(n in 1usize..40, seed in 10_000u32..90_000) {
        let chain: String = (0..n).map(|k| format!(" veryGood! ({})", seed + k as u32)).collect();
        let text = format!("{}{chain}\n", BODY.trim_end());
        let cleaned = assert_one_run(builtin(), &text);
        prop_assert_eq!(cleaned, BODY);
    }

    #[test]
    fn nested_related_lists_go_in_one_run(depth in 1usize..16, stacked in any::<bool>()) {
        let mut text = BODY.to_string();
        for k in 0..depth {
            let indent = if stacked { String::new() } else { "  ".repeat(k) };
            text.push_str(&format!("{indent}Related\n"));
            if !stacked {
                text.push_str(&format!("{indent}- Storm knocks out power along coast number {k}\n"));
            }
        }
        text.push_str("- Council approves the budget after a long debate\n");
        text.push_str("- Museum reopens after a long restoration\n");
        text.push_str("- Airport expansion vote delayed until the autumn\n");
        let cleaned = assert_one_run(builtin(), &text);
        prop_assert_eq!(cleaned, BODY);
    }
}

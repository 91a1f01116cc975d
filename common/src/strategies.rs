//! Documents that look like scraped text, for property tests: lines of
//! junk and of content chaff meets (including look-alikes that must stay),
//! arbitrary text, both line endings, with or without a final one.

use proptest::prelude::*;

/// One line: junk, content, a look-alike, or arbitrary text without line
/// breaks.
pub fn line() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just(String::new()),
        Just("Related".to_string()),
        Just("Ranking".to_string()),
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
        // Spam glued to a line: once cut, the rest may read as a heading,
        // a list item or a read-more line, and the next pass must see it.
        Just("Related greatJob! (48213)".to_string()),
        Just("- Ferry fares to rise in the spring niceWork! (5521)".to_string()),
        Just("READ MORE Bus fares rise in the spring".to_string()),
        Just("Read more bus fares rise in the spring wellDone! (9090)".to_string()),
        Just("The council met on Tuesday. It voted for the plan. veryGood! (95818)".to_string()),
        Just("A paragraph that ends in spam. niceWork! (48213)".to_string()),
        Just("View niceWork! (48213)".to_string()),
        Just("Home > News > Local".to_string()),
        Just("Date:2026-03-02 09:15:07".to_string()),
        Just("View".to_string()),
        Just("Leave a Comment".to_string()),
        Just("Background".to_string()),
        Just("  indented line with trailing spaces  ".to_string()),
        Just("The council said the work would take two more years, and that costs had risen sharply since the spring.".to_string()),
        "[a-zA-Z ,.!?()'-]{0,80}",
        any::<String>().prop_map(|s| s.replace(['\n', '\r'], " ")),
    ]
}

/// A document of up to `max_lines` lines.
pub fn document(max_lines: usize) -> impl Strategy<Value = String> {
    (
        prop::collection::vec(line(), 0..max_lines),
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

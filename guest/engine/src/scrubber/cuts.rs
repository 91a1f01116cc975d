//! From per-line verdicts to byte spans, and stage 4 (inline spans).

use super::Scrubber;
use super::passes::LineFate;
use super::spans::Span;
use crate::lines::Line;

impl Scrubber {
    /// Stage 5 and assembly: whole-line removals merged per rule, plus
    /// inline cuts inside kept lines (those marked in `fresh`, if given),
    /// as sorted spans; and what became of each line.
    pub(super) fn spans(
        &self,
        text: &str,
        lines: &[Line],
        verdicts: &[Option<usize>],
        fresh: Option<&[bool]>,
    ) -> (Vec<Span>, Vec<LineFate>) {
        let mut spans: Vec<Span> = Vec::new();
        let mut fates = vec![LineFate::Kept; lines.len()];
        let mut inline: Vec<Span> = Vec::new();
        for (i, (line, verdict)) in lines.iter().zip(verdicts).enumerate() {
            match verdict {
                Some(rule) => {
                    fates[i] = LineFate::Removed;
                    match spans.last_mut() {
                        Some(last) if last.end == line.start && last.rule == *rule => {
                            last.end = line.end
                        }
                        _ => spans.push(Span::new(line.start, line.end, *rule)),
                    }
                }
                None if !self.inline_rules.is_empty() && fresh.is_none_or(|f| f[i]) => {
                    inline.clear();
                    self.inline_cuts(text, line, &mut inline);
                    if inline.is_empty() {
                        continue;
                    }
                    let kept_blank = {
                        let mut pos = line.start;
                        let mut blank = true;
                        for span in &inline {
                            blank &= text[pos..span.start].trim().is_empty();
                            pos = span.end;
                        }
                        blank && text[pos..line.content_end].trim().is_empty()
                    };
                    if kept_blank {
                        // Nothing of the line would be left: remove it whole.
                        fates[i] = LineFate::Removed;
                        spans.push(Span::new(line.start, line.end, inline[0].rule));
                    } else {
                        fates[i] = LineFate::Trimmed;
                        spans.extend_from_slice(&inline);
                    }
                }
                None => {}
            }
        }
        (spans, fates)
    }

    /// Non-overlapping matches of the inline rules in one line's content.
    pub(super) fn inline_cuts(&self, text: &str, line: &Line, out: &mut Vec<Span>) {
        let content = &text[line.start..line.content_end];
        for (rule, regex, gate) in &self.inline_rules {
            if gate.as_ref().is_some_and(|g| !g.admits(content.as_bytes())) {
                continue;
            }
            for m in regex.find_iter(content) {
                if !m.is_empty() {
                    out.push(Span::new(
                        line.start + m.start(),
                        line.start + m.end(),
                        *rule,
                    ));
                }
            }
        }
        out.sort_unstable_by_key(|s| (s.start, std::cmp::Reverse(s.end), s.rule));
        let mut end = 0;
        out.retain(|s| {
            let keep = s.start >= end;
            if keep {
                end = s.end;
            }
            keep
        });
    }
}

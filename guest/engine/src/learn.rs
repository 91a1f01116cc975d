//! Rules mined from a corpus: lines that recur across sites and never read
//! as article text. What `chaff learn` runs on every document.
//!
//! Junk recurs and content does not: a share bar, a newsletter box or a
//! comment form comes back, word for word once [folded](crate::fold), on
//! page after page and site after site, while an article's sentences are
//! its own. Recurrence alone is not enough (a heading such as "Conclusion"
//! or "Ingredients" recurs too), so each occurrence is also judged in its
//! page: a line the [page profile](crate::PAGE_RULES) places inside the
//! article body as prose or as a heading of prose counts as content, and a
//! line that is content in more than `max_content_share` of its
//! occurrences is never proposed.
//!
//! A second kind of proposal is a site's own boilerplate: a line on a
//! large share (`min_share`) of one site's pages (its footer, its share
//! bar, its newsletter box), proposed as a rule scoped to that site
//! (`sites = [host]`), so it never touches another site's text.
//!
//! Memory is bounded whatever the corpus size: documents and distinct
//! sites per line, and documents per (line, site) pair, are counted in
//! count-min sketches, (line, site) pairs are remembered in a Bloom filter,
//! and only lines the sketches already place on several sites (or on
//! several pages of one site) enter the exact tables, which hold at most
//! `max_candidates` entries each. See [`Learner::memory_bound`].

use std::collections::{HashMap, HashSet};

use crate::error::RuleError;
use crate::fold::fold_into;
use crate::region::{Class, Location};
use crate::scrubber::Scrubber;

/// Thresholds of [`Learner`]. The defaults favour precision.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LearnSettings {
    /// A line must appear on at least this many distinct sites.
    pub min_sites: u32,
    /// A line must appear in at least this many documents.
    pub min_documents: u32,
    /// At most this share of a line's occurrences may read as article
    /// content (prose, or a heading of prose, inside the body).
    pub max_content_share: f64,
    /// Longest line considered, in bytes after folding: boilerplate is
    /// short; a long line that recurs is a quoted paragraph or a notice
    /// better written as a rule by hand.
    pub max_bytes: usize,
    /// Most lines counted exactly, in each of the two tables (see
    /// [`Learner::memory_bound`]).
    pub max_candidates: usize,
    /// Propose site boilerplate: sites are hosts (`--url-field`), so rules
    /// can be scoped to them.
    pub site_rules: bool,
    /// A site's line must be on at least this share of its pages.
    pub min_share: f64,
    /// ... and on at least this many of them: a site with few pages in
    /// the corpus says little about its templates.
    pub min_site_documents: u32,
}

impl Default for LearnSettings {
    fn default() -> Self {
        LearnSettings {
            min_sites: 5,
            min_documents: 10,
            max_content_share: 0.2,
            max_bytes: 200,
            max_candidates: 200_000,
            site_rules: false,
            min_share: 0.5,
            min_site_documents: 10,
        }
    }
}

/// One proposed phrase.
#[derive(Debug, Clone, PartialEq)]
pub struct Proposal {
    /// The folded line: what a `match = "folded"` phrase compares.
    pub phrase: String,
    /// The first occurrence, as written.
    pub example: String,
    /// Documents holding it (an estimate that may be slightly high).
    pub documents: u64,
    /// Distinct sites holding it (an estimate that may be slightly high).
    pub sites: u64,
    /// Share of its counted occurrences that read as article content.
    pub content_share: f64,
}

/// One site's proposed boilerplate.
#[derive(Debug, Clone, PartialEq)]
pub struct SiteProposal {
    /// The site (a host).
    pub site: String,
    /// The site's documents in the corpus.
    pub site_documents: u64,
    /// Its lines, folded, with the documents of the site holding each (an
    /// estimate that may be slightly high) and an example.
    pub phrases: Vec<(String, u64, String)>,
}

/// A (site, line) pair in the exact table.
#[derive(Debug, Clone)]
struct SiteCandidate {
    site: u64,
    phrase: String,
    counts: Candidate,
}

#[derive(Debug, Clone)]
struct Candidate {
    example: String,
    occurrences: u64,
    content: u64,
}

/// The per-document half of learning: which distinct lines a document
/// has, folded and hashed, and whether each reads as content there.
///
/// This is nearly all of the work (the page profile measures every line),
/// and it depends on the document alone, so it can run on any thread; the
/// counting ([`Learner::count`]) is cheap and depends on the order of the
/// documents, so it stays on one. Cheap to clone: each worker thread takes
/// its own copy (its own regex caches).
#[derive(Debug, Clone)]
pub struct Analyser {
    page: Scrubber,
    builtin: Scrubber,
    max_bytes: usize,
}

/// One document's distinct lines, as [`Analyser::analyse`] found them, in
/// the order they first appear. Holds the lines' folded and written forms
/// only, not the document: 32 bytes a line plus the two texts, each at
/// most `2 × max_bytes` bytes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Analysis {
    /// Folded line, then the line as written, for each line in turn.
    texts: String,
    lines: Vec<AnalysedLine>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct AnalysedLine {
    hash: u64,
    /// End of the folded line in `texts` (it starts where the previous
    /// line's example ends).
    key_end: usize,
    /// End of the line as written, which follows its folded form.
    example_end: usize,
    content: bool,
}

impl Analysis {
    /// Lines counted.
    pub fn len(&self) -> usize {
        self.lines.len()
    }

    /// Whether no line is counted.
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// Bytes held, for memory accounting.
    pub fn heap_bytes(&self) -> usize {
        self.texts.capacity() + self.lines.capacity() * std::mem::size_of::<AnalysedLine>()
    }

    /// (hash, folded, as written, content) of each line.
    fn iter(&self) -> impl Iterator<Item = (u64, &str, &str, bool)> {
        let mut start = 0;
        self.lines.iter().map(move |l| {
            let key = &self.texts[start..l.key_end];
            let example = &self.texts[l.key_end..l.example_end];
            start = l.example_end;
            (l.hash, key, example, l.content)
        })
    }
}

impl Analyser {
    /// The distinct lines of `text` worth counting: not removed by the
    /// built-in rules already (proposing them again would add nothing),
    /// short enough, with a letter in their folded form; and for each,
    /// whether it reads as content in this page.
    pub fn analyse(&self, text: &str) -> Analysis {
        let mut analysis = Analysis::default();
        let mut removed = self
            .builtin
            .scan(text)
            .into_iter()
            .map(|r| (r.start, r.end))
            .peekable();
        let mut seen: HashSet<u64> = HashSet::new();
        let mut key = String::new();
        for report in self.page.line_reports(text) {
            while removed.next_if(|&(_, end)| end <= report.start).is_some() {}
            if removed
                .peek()
                .is_some_and(|&(start, _)| start <= report.start)
            {
                continue;
            }
            let line = text[report.start..report.end].trim();
            if line.is_empty() || line.len() > 2 * self.max_bytes {
                continue;
            }
            fold_into(line, &mut key);
            if key.is_empty() || key.len() > self.max_bytes || !key.chars().any(char::is_alphabetic)
            {
                continue;
            }
            let h = hash(key.as_bytes());
            if !seen.insert(h) {
                continue;
            }
            // Content: prose or a heading of prose in the body, or a line
            // that reads as prose by itself in the body (on a page without
            // a body, every line is in it).
            let content = report.location == Location::Body
                && (report.class == Some(Class::Good)
                    || matches!(report.initial, Some(Class::Good | Class::NearGood)));
            analysis.texts.push_str(&key);
            let key_end = analysis.texts.len();
            analysis.texts.push_str(line);
            analysis.lines.push(AnalysedLine {
                hash: h,
                key_end,
                example_end: analysis.texts.len(),
                content,
            });
        }
        // Held until counted, maybe behind other chunks: no slack.
        analysis.texts.shrink_to_fit();
        analysis.lines.shrink_to_fit();
        analysis
    }
}

/// Counts lines over a corpus, one [`Learner::add`] per document (or, to
/// spread the work over threads, one [`Analyser::analyse`] per document on
/// any thread and one [`Learner::count`] per document in corpus order:
/// the same counts, byte for byte the same rule file).
#[derive(Debug)]
pub struct Learner {
    settings: LearnSettings,
    analyser: Analyser,
    documents: u64,
    sites: HashSet<u64>,
    document_counts: CountMin,
    site_counts: CountMin,
    pairs: Bloom,
    candidates: HashMap<String, Candidate>,
    refused: u64,
    /// Documents per site (by site hash), with the site's name.
    site_documents: HashMap<u64, (String, u32)>,
    /// Documents per (line, site) pair (with site rules only).
    pair_counts: Option<CountMin>,
    /// (site, folded line) pairs counted exactly, by pair hash: looked up
    /// for every line without building a key.
    site_candidates: HashMap<u64, SiteCandidate>,
}

const SKETCH_ROWS: usize = 4;
const SKETCH_WIDTH: usize = 1 << 20;
const BLOOM_BITS: usize = 1 << 27;
const BLOOM_HASHES: u64 = 3;
/// Bytes an exact entry may hold: its folded line, an example of at most
/// twice `max_bytes`, and the table's own overhead.
const ENTRY_OVERHEAD: usize = 96;

impl Learner {
    /// Fails only if the built-in page profile does not compile, which
    /// the engine's own tests rule out.
    pub fn new(settings: LearnSettings) -> Result<Learner, RuleError> {
        Ok(Learner {
            settings,
            analyser: Analyser {
                page: Scrubber::from_rules("extends = \"builtin:page\"\n")?,
                builtin: Scrubber::builtin(),
                max_bytes: settings.max_bytes,
            },
            documents: 0,
            sites: HashSet::new(),
            document_counts: CountMin::new(),
            site_counts: CountMin::new(),
            pairs: Bloom::new(),
            candidates: HashMap::new(),
            refused: 0,
            site_documents: HashMap::new(),
            pair_counts: settings.site_rules.then(CountMin::new),
            site_candidates: HashMap::new(),
        })
    }

    /// Bytes this learner may hold at most, besides one document and the
    /// distinct sites seen (8 bytes each, and with site rules a further
    /// 40 bytes and the site's name): the sketches and filter, plus
    /// `max_candidates` exact entries of at most `3 × max_bytes` bytes in
    /// each of the two tables.
    pub fn memory_bound(settings: &LearnSettings) -> usize {
        let tables = if settings.site_rules { 2 } else { 1 };
        (tables + 1) * SKETCH_ROWS * SKETCH_WIDTH * 2
            + BLOOM_BITS / 8
            + tables * settings.max_candidates * (3 * settings.max_bytes + ENTRY_OVERHEAD)
    }

    /// Counts the lines of one document from `site` (a host name, or any
    /// name that groups documents of one site): [`Analyser::analyse`],
    /// then [`Learner::count`].
    pub fn add(&mut self, site: &str, text: &str) {
        let analysis = self.analyser.analyse(text);
        self.count(site, &analysis);
    }

    /// What analyses documents for this learner, to run on other threads.
    pub fn analyser(&self) -> &Analyser {
        &self.analyser
    }

    /// Counts one document from `site`, analysed by this learner's
    /// [`Analyser`]. Documents must be counted in one order for the same
    /// result: a line enters the exact table once the sketches place it on
    /// enough sites, so the counts depend on which documents came first.
    pub fn count(&mut self, site: &str, analysis: &Analysis) {
        self.documents += 1;
        let site_hash = hash(site.as_bytes());
        self.sites.insert(site_hash);
        if self.settings.site_rules {
            self.site_documents
                .entry(site_hash)
                .or_insert_with(|| (site.to_string(), 0))
                .1 += 1;
        }
        for (h, key, line, content) in analysis.iter() {
            self.document_counts.add(h);
            let pair = mix(h, site_hash);
            if self.pairs.insert(pair) {
                self.site_counts.add(h);
            }
            if self.settings.site_rules {
                self.count_on_site(site_hash, pair, key, line, content);
            }
            if let Some(c) = self.candidates.get_mut(key) {
                c.occurrences += 1;
                c.content += u64::from(content);
            } else if self.site_counts.estimate(h) >= self.admit_at() {
                if self.candidates.len() < self.settings.max_candidates {
                    self.candidates.insert(
                        key.to_string(),
                        Candidate {
                            example: line.to_string(),
                            occurrences: 1,
                            content: u64::from(content),
                        },
                    );
                } else {
                    self.refused += 1;
                }
            }
        }
    }

    /// Counts one page of a site holding the line `key`; the pair enters
    /// the exact table once the sketch places it on `min_site_documents`
    /// pages of the site.
    fn count_on_site(&mut self, site: u64, pair: u64, key: &str, line: &str, content: bool) {
        let Some(pair_counts) = self.pair_counts.as_mut() else {
            return;
        };
        pair_counts.add(pair);
        let on = pair_counts.estimate(pair);
        if let Some(c) = self.site_candidates.get_mut(&pair) {
            // A different pair with the same hash is not counted.
            if c.site == site && c.phrase == key {
                c.counts.occurrences += 1;
                c.counts.content += u64::from(content);
            }
        } else if on >= u64::from(self.settings.min_site_documents.div_ceil(2).max(2)) {
            if self.site_candidates.len() < self.settings.max_candidates {
                self.site_candidates.insert(
                    pair,
                    SiteCandidate {
                        site,
                        phrase: key.to_string(),
                        counts: Candidate {
                            example: line.to_string(),
                            occurrences: 1,
                            content: u64::from(content),
                        },
                    },
                );
            } else {
                self.refused += 1;
            }
        }
    }

    /// A line enters the exact table once the sketch places it on half the
    /// required sites: early enough that its content share is measured on
    /// most of its occurrences.
    fn admit_at(&self) -> u64 {
        u64::from(self.settings.min_sites.div_ceil(2).max(2))
    }

    /// Documents counted so far.
    pub fn documents(&self) -> u64 {
        self.documents
    }

    /// Distinct sites counted so far.
    pub fn sites(&self) -> u64 {
        self.sites.len() as u64
    }

    /// Lines that qualified for the exact table but found it full: when
    /// not zero, raise `max_candidates` (or learn on a smaller sample).
    pub fn refused(&self) -> u64 {
        self.refused
    }

    /// The lines that pass every threshold, most widespread first.
    pub fn proposals(&self) -> Vec<Proposal> {
        let s = &self.settings;
        let mut out: Vec<Proposal> = self
            .candidates
            .iter()
            .filter_map(|(phrase, c)| {
                let h = hash(phrase.as_bytes());
                let sites = self.site_counts.estimate(h);
                let documents = self.document_counts.estimate(h);
                let content_share = c.content as f64 / c.occurrences.max(1) as f64;
                (sites >= u64::from(s.min_sites)
                    && documents >= u64::from(s.min_documents)
                    && content_share <= s.max_content_share)
                    .then(|| Proposal {
                        phrase: phrase.clone(),
                        example: c.example.clone(),
                        documents,
                        sites,
                        content_share,
                    })
            })
            .collect();
        out.sort_by(|a, b| {
            (b.sites, b.documents, &a.phrase).cmp(&(a.sites, a.documents, &b.phrase))
        });
        out
    }

    /// Each site's own boilerplate: lines on at least `min_share` of the
    /// site's pages (and `min_site_documents` of them), rarely read as
    /// content, not already proposed across sites; sites in name order.
    pub fn site_proposals(&self) -> Vec<SiteProposal> {
        let s = &self.settings;
        let Some(pair_counts) = &self.pair_counts else {
            return Vec::new();
        };
        let cross: HashSet<String> = self.proposals().into_iter().map(|p| p.phrase).collect();
        let mut by_site: HashMap<u64, Vec<(String, u64, String)>> = HashMap::new();
        for SiteCandidate {
            site,
            phrase,
            counts: c,
        } in self.site_candidates.values()
        {
            let Some((_, pages)) = self.site_documents.get(site) else {
                continue;
            };
            let on = pair_counts.estimate(mix(hash(phrase.as_bytes()), *site));
            let content_share = c.content as f64 / c.occurrences.max(1) as f64;
            let pages = u64::from(*pages);
            if pages >= u64::from(s.min_site_documents)
                && on >= u64::from(s.min_site_documents)
                && on as f64 >= s.min_share * pages as f64
                && content_share <= s.max_content_share
                && !cross.contains(phrase)
            {
                by_site.entry(*site).or_default().push((
                    phrase.clone(),
                    on.min(pages),
                    c.example.clone(),
                ));
            }
        }
        let mut out: Vec<SiteProposal> = by_site
            .into_iter()
            .filter_map(|(site, mut phrases)| {
                let (name, pages) = self.site_documents.get(&site)?;
                // Only hosts make site rules: a file name stands for no site.
                let host = crate::site::site_of(name).filter(|h| h.contains('.'))?;
                phrases.sort_by(|a, b| (b.1, &a.0).cmp(&(a.1, &b.0)));
                Some(SiteProposal {
                    site: host,
                    site_documents: u64::from(*pages),
                    phrases,
                })
            })
            .collect();
        out.sort_by(|a, b| a.site.cmp(&b.site));
        out
    }

    /// The proposals as a rule file that extends the built-in rules, one
    /// phrase a line with its counts and an example, for a person to review.
    pub fn rule_file(&self) -> String {
        let s = &self.settings;
        let proposals = self.proposals();
        let site_proposals = if s.site_rules {
            self.site_proposals()
        } else {
            Vec::new()
        };
        let mut out = String::new();
        out.push_str(&format!(
            "# Rules learned by `chaff learn` from {} documents on {} sites.\n\
             # Lines found on at least {} sites and in {} documents, read as article\n\
             # content in at most {:.0}% of their occurrences, and not removed by the\n\
             # built-in rules already. {} proposed, and boilerplate of {} sites.\n\
             #\n\
             # REVIEW BEFORE USE: delete every phrase that is content on your pages.\n\
             # Then clean with `chaff clean --rules this-file.toml`.\n\n\
             version = 1\nextends = \"builtin\"\n\n",
            self.documents,
            self.sites(),
            s.min_sites,
            s.min_documents,
            s.max_content_share * 100.0,
            proposals.len(),
            site_proposals.len(),
        ));
        push_cross_site(&mut out, &proposals);
        for site in &site_proposals {
            push_site(&mut out, site, s);
        }
        out
    }
}

/// The `learned.cross-site` rule, if anything was proposed.
fn push_cross_site(out: &mut String, proposals: &[Proposal]) {
    if proposals.is_empty() {
        return;
    }
    out.push_str(
            "[[rule]]\n\
             id = \"learned.cross-site\"\n\
             category = \"boilerplate\"\n\
             kind = \"phrases\"\n\
             match = \"folded\"\n\
             description = \"Lines that recur across sites and are not article text, learned by chaff learn. Compared folded: case, numbers, punctuation and bullets do not matter.\"\n\
             phrases = [\n",
        );
    for p in proposals {
        out.push_str(&format!(
            "  {}, # {} documents, {} sites; e.g. {}\n",
            toml_string(&p.phrase),
            p.documents,
            p.sites,
            comment_text(&p.example),
        ));
    }
    out.push_str("]\n");
}

/// One site's `learned.site.<host>` rule, scoped to the site.
fn push_site(out: &mut String, site: &SiteProposal, settings: &LearnSettings) {
    let id: String = site
        .site
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .take(80)
        .collect();
    out.push_str(&format!(
        "\n[[rule]]\n\
         id = \"learned.site.{id}\"\n\
         category = \"boilerplate\"\n\
         kind = \"phrases\"\n\
         match = \"folded\"\n\
         sites = [{}]\n\
         description = \"Lines on at least {:.0}% of the {} pages of this site in the corpus, learned by chaff learn.\"\n\
         phrases = [\n",
        toml_string(&site.site),
        settings.min_share * 100.0,
        site.site_documents,
    ));
    for (phrase, pages, example) in &site.phrases {
        out.push_str(&format!(
            "  {}, # {} of {} pages; e.g. {}\n",
            toml_string(phrase),
            pages,
            site.site_documents,
            comment_text(example),
        ));
    }
    out.push_str("]\n");
}

/// A TOML basic string.
fn toml_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// An example for a comment: one line, control characters shown, cut at
/// 100 characters.
fn comment_text(s: &str) -> String {
    let mut out: String = s
        .chars()
        .take(100)
        .map(|c| if c.is_control() { '·' } else { c })
        .collect();
    if s.chars().count() > 100 {
        out.push('…');
    }
    format!("\"{out}\"")
}

fn hash(bytes: &[u8]) -> u64 {
    // FNV-1a, then a finaliser: stable across runs and platforms.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    mix(h, 0x9e37_79b9_7f4a_7c15)
}

/// splitmix64 of `a` combined with `b`.
fn mix(a: u64, b: u64) -> u64 {
    let mut z = a ^ b.rotate_left(29);
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// A count-min sketch of small counts: never below the true count.
#[derive(Debug)]
struct CountMin {
    cells: Vec<u16>,
}

impl CountMin {
    fn new() -> CountMin {
        CountMin {
            cells: vec![0; SKETCH_ROWS * SKETCH_WIDTH],
        }
    }

    fn slots(h: u64) -> impl Iterator<Item = usize> {
        (0..SKETCH_ROWS).map(move |row| {
            row * SKETCH_WIDTH + (mix(h, row as u64 + 1) as usize & (SKETCH_WIDTH - 1))
        })
    }

    fn add(&mut self, h: u64) {
        for slot in Self::slots(h) {
            self.cells[slot] = self.cells[slot].saturating_add(1);
        }
    }

    fn estimate(&self, h: u64) -> u64 {
        Self::slots(h)
            .map(|slot| u64::from(self.cells[slot]))
            .min()
            .unwrap_or(0)
    }
}

/// A Bloom filter of (line, site) pairs: a false positive only makes a
/// site count missed, so errors favour precision.
#[derive(Debug)]
struct Bloom {
    bits: Vec<u64>,
}

impl Bloom {
    fn new() -> Bloom {
        Bloom {
            bits: vec![0; BLOOM_BITS / 64],
        }
    }

    /// Adds `h`; whether it was new.
    fn insert(&mut self, h: u64) -> bool {
        let mut new = false;
        for k in 0..BLOOM_HASHES {
            let bit = mix(h, 0x51_7cc1_b727_220a + k) as usize & (BLOOM_BITS - 1);
            let (word, mask) = (bit / 64, 1u64 << (bit % 64));
            if self.bits[word] & mask == 0 {
                new = true;
                self.bits[word] |= mask;
            }
        }
        new
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOWNS: [&str; 8] = ["Ash", "Birch", "Cedar", "Elm", "Fir", "Hazel", "Oak", "Yew"];
    const DAYS: [&str; 8] = [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "Easter",
    ];

    /// A page of site `site`: a menu, an article of its own with a
    /// heading every site uses, a share line every site uses, and a footer
    /// of its own.
    fn article(site: usize, page: usize) -> String {
        let (town, day) = (TOWNS[site % 8], DAYS[page % 8]);
        format!(
            "Home | News | Sport\n\
             The harbour board of {town} met on {day} and agreed, after a long debate about the costs of the work and the needs of the fishing boats that use it every morning, to repair the old pier before the summer season begins in earnest and the visitors arrive.\n\
             Conclusion\n\
             The members of the board in {town} said on {day} that the repair of the pier would be paid for by the fees of the visiting boats and by a grant from the region, and that the work would take about three months if the weather holds.\n\
             Share this story on your feed\n\
             {town} Gazette footer\n"
        )
    }

    fn learner(min_sites: u32) -> Learner {
        Learner::new(LearnSettings {
            min_sites,
            min_documents: 3,
            ..LearnSettings::default()
        })
        .expect("page profile compiles")
    }

    #[test]
    fn widget_lines_shared_by_sites_are_proposed_and_content_is_not() {
        let mut l = learner(4);
        for site in 0..6 {
            for page in 0..3 {
                l.add(&format!("site{site}.example"), &article(site, page));
            }
        }
        let phrases: Vec<String> = l.proposals().into_iter().map(|p| p.phrase).collect();
        assert!(
            phrases.contains(&"share this story on your feed".to_string()),
            "{phrases:?}"
        );
        // A heading of prose recurs on every site, but inside the body.
        assert!(!phrases.contains(&"conclusion".to_string()), "{phrases:?}");
        // One site's footer is on one site only.
        assert!(!phrases.iter().any(|p| p.contains("footer")), "{phrases:?}");
        // No article sentence, though sentences share their digits folded.
        assert!(
            !phrases.iter().any(|p| p.contains("harbour")),
            "{phrases:?}"
        );
    }

    #[test]
    fn a_prose_sentence_repeated_on_every_site_is_never_proposed() {
        let mut l = learner(2);
        let quote = "The only thing we have to fear is fear itself, as the president said to the nation in the first year of his long term in office.";
        for site in 0..8 {
            let text = format!(
                "{quote}\nThe paper of site {site} reported that the speech was heard by millions of people on the radio that evening across the country.\n"
            );
            l.add(&format!("s{site}"), &text);
        }
        assert!(l.proposals().iter().all(|p| !p.phrase.contains("fear")));
    }

    #[test]
    fn thresholds_decide() {
        let mut l = learner(7);
        for site in 0..6 {
            l.add(&format!("s{site}"), &article(site, 0));
        }
        assert!(l.proposals().is_empty(), "six sites are fewer than seven");
    }

    #[test]
    fn the_rule_file_is_valid_and_removes_the_learned_lines() {
        let mut l = learner(4);
        for site in 0..6 {
            for page in 0..3 {
                l.add(&format!("site{site}.example"), &article(site, page));
            }
        }
        let file = l.rule_file();
        let scrubber = Scrubber::from_rules(&file).expect("learned file compiles");
        let text = article(7, 7).replace(
            "Share this story on your feed",
            "• SHARE this story on your feed:",
        );
        let out = scrubber.clean(&text);
        assert!(!out.text.contains("SHARE"), "{}", out.text);
        assert!(out.text.contains("Conclusion"));
        assert!(out.removals.iter().any(|r| r.rule == "learned.cross-site"));
    }

    fn site_learner() -> Learner {
        Learner::new(LearnSettings {
            min_sites: 4,
            min_documents: 3,
            site_rules: true,
            min_site_documents: 4,
            ..LearnSettings::default()
        })
        .expect("page profile compiles")
    }

    #[test]
    fn a_line_on_most_pages_of_one_site_is_proposed_for_that_site_only() {
        let mut l = site_learner();
        for site in 0..6 {
            for page in 0..6 {
                l.add(&format!("www.site{site}.example"), &article(site, page));
            }
        }
        let sites = l.site_proposals();
        assert_eq!(sites.len(), 6, "{sites:?}");
        let first = &sites[0];
        assert_eq!(first.site, "site0.example");
        assert_eq!(first.site_documents, 6);
        let phrases: Vec<&str> = first.phrases.iter().map(|p| p.0.as_str()).collect();
        assert_eq!(phrases, ["ash gazette footer"], "{sites:?}");
        // Lines every site has are cross-site proposals, not site rules;
        // headings of prose are content on every page of every site.
        let file = l.rule_file();
        assert!(
            file.contains("id = \"learned.site.site0_example\""),
            "{file}"
        );
        let scrubber = Scrubber::from_rules(&file).expect("learned file compiles");
        let text = article(0, 7);
        let on_site = scrubber.clean_for(&text, Some("site0.example"));
        assert!(!on_site.text.contains("Gazette footer"), "{}", on_site.text);
        assert!(on_site.text.contains("Conclusion"));
        // Another site with the same footer text keeps it.
        let elsewhere = scrubber.clean_for(&text, Some("other.example"));
        assert!(elsewhere.text.contains("Ash Gazette footer"));
    }

    #[test]
    fn a_line_on_few_pages_of_a_site_is_not_its_boilerplate() {
        let mut l = site_learner();
        for page in 0..10 {
            let mut text = article(0, page);
            if page < 3 {
                text.push_str("A special notice for this week only\n");
            }
            l.add("site0.example", &text);
        }
        let sites = l.site_proposals();
        assert!(
            sites
                .iter()
                .all(|s| s.phrases.iter().all(|p| !p.0.contains("notice"))),
            "{sites:?}"
        );
    }

    #[test]
    fn without_site_rules_no_site_is_counted() {
        let mut l = learner(4);
        for page in 0..10 {
            l.add("site0.example", &article(0, page));
        }
        assert!(l.site_proposals().is_empty());
        assert!(!l.rule_file().contains("learned.site"));
    }

    #[test]
    fn analysing_on_threads_and_counting_in_order_equals_adding() {
        let pages: Vec<(String, String)> = (0..8)
            .flat_map(|site| {
                (0..12).map(move |page| {
                    let mut text = article(site, page);
                    if page % 3 == 0 {
                        text.push_str("Listen to this article\n");
                    }
                    (format!("www.site{site}.example"), text)
                })
            })
            .collect();
        let mut one = site_learner();
        for (site, text) in &pages {
            one.add(site, text);
        }
        let mut other = site_learner();
        let analyser = other.analyser().clone();
        // Two threads analyse alternate documents; counting is in order.
        let analyses: Vec<Analysis> = std::thread::scope(|scope| {
            let workers: Vec<_> = (0..2)
                .map(|part| {
                    let (analyser, pages) = (analyser.clone(), &pages);
                    scope.spawn(move || {
                        pages
                            .iter()
                            .skip(part)
                            .step_by(2)
                            .map(|(_, text)| analyser.analyse(text))
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            let halves: Vec<Vec<Analysis>> = workers
                .into_iter()
                .map(|w| w.join().expect("worker"))
                .collect();
            (0..pages.len())
                .map(|i| halves[i % 2][i / 2].clone())
                .collect()
        });
        for ((site, _), analysis) in pages.iter().zip(&analyses) {
            other.count(site, analysis);
        }
        assert!(!one.proposals().is_empty());
        assert!(!one.site_proposals().is_empty());
        assert_eq!(one.rule_file(), other.rule_file());
        assert_eq!(one.documents(), other.documents());
    }

    #[test]
    fn an_analysis_holds_each_distinct_line_once_and_not_the_document() {
        let l = learner(4);
        let text = format!("{}Share this story on your feed\n", article(0, 0));
        let analysis = l.analyser().analyse(&text);
        let keys: Vec<&str> = analysis.iter().map(|(_, key, _, _)| key).collect();
        assert_eq!(
            keys.iter()
                .filter(|k| **k == "share this story on your feed")
                .count(),
            1,
            "{keys:?}"
        );
        // The article's long sentences are too long to be boilerplate.
        assert!(!keys.iter().any(|k| k.contains("harbour")), "{keys:?}");
        assert!(analysis.heap_bytes() < text.len());
    }

    #[test]
    fn memory_bound_is_stated() {
        let s = LearnSettings::default();
        assert!(Learner::memory_bound(&s) < 200 * 1024 * 1024);
        let with_sites = LearnSettings {
            site_rules: true,
            ..s
        };
        assert!(Learner::memory_bound(&with_sites) < 400 * 1024 * 1024);
    }
}

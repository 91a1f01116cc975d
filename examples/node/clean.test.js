// The component in Node gives byte-identical text and identical removals to
// the Rust host (the `chaff` CLI) on the project's fixtures.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OptionsError, Plugin, RuleError } from 'chaff-scrubber';

const root = new URL('../../', import.meta.url).pathname;
const chaffBin = join(root, 'target/release/chaff');
const fixtures = join(root, 'tests/fixtures');
const inputs = readdirSync(fixtures).filter((f) => f.endsWith('.txt') && !f.endsWith('.clean.txt'));
const plugin = await Plugin.load();
after(() => plugin.close());

/** What the Rust host says: cleaned text and the removals from --report. */
function rustHost(file, ...args) {
  const report = join(mkdtempSync(join(tmpdir(), 'chaff-node-')), 'report.jsonl');
  const text = execFileSync(chaffBin, ['clean', '--quiet', `--report=${report}`, ...args, file], { encoding: 'utf8' });
  const removals = readFileSync(report, 'utf8').split('\n').filter(Boolean).map((l) => {
    const { rule, category, start, end } = JSON.parse(l);
    return { rule, category, start, end };
  });
  return { text, removals };
}

test('fixtures exist', () => assert.ok(inputs.length >= 3, inputs.join(',')));

for (const name of inputs) {
  test(`${name}: same text and removals as the Rust host`, async () => {
    const file = join(fixtures, name);
    const scrubber = await plugin.scrubber();
    assert.deepEqual(await scrubber.clean(readFileSync(file, 'utf8')), rustHost(file));
  });
}

test('clean-batch matches single calls', async () => {
  const scrubber = await plugin.scrubber();
  const docs = inputs.map((n) => readFileSync(join(fixtures, n), 'utf8'));
  const singles = [];
  for (const d of docs) singles.push(await scrubber.clean(d));
  assert.deepEqual(await scrubber.cleanBatch(docs), singles);
});

test('a broken rule file throws a rule-error naming the rule and field', async () => {
  const rules = 'version = 1\n[[rule]]\nid = "mine.bad"\ncategory = "spam"\nkind = "line-pattern"\npattern = "(unclosed"\n';
  await assert.rejects(plugin.scrubber(rules), (e) => {
    assert.ok(e instanceof RuleError);
    assert.equal(e.rule, 'mine.bad');
    assert.equal(e.field, 'pattern');
    assert.match(e.payload.message, /unclosed|parse/i);
    return true;
  });
});

test('the component implements 0.1.1', () => {
  assert.deepEqual(plugin.contract, { interface: 'chaff:scrubber/scrub@0.1.1', version: '0.1.1' });
});

test('the rule table has every rule with its kind, and names every removal', async () => {
  const scrubber = await plugin.scrubber();
  const table = scrubber.ruleTable();
  assert.ok(table.length > 20, `${table.length} rules`);
  assert.ok(table.every((r) => r.id && r.category && r.kind && typeof r.description === 'string'));
  for (const kind of ['phrases', 'line-pattern', 'content-region']) assert.ok(table.some((r) => r.kind === kind), kind);
  assert.equal(new Set(table.map((r) => r.id)).size, table.length);
  assert.ok(Object.isFrozen(table));
  const byId = new Map(table.map((r) => [r.id, r]));
  for (const name of inputs) {
    for (const r of (await scrubber.clean(readFileSync(join(fixtures, name), 'utf8'))).removals) {
      assert.equal(byId.get(r.rule)?.category, r.category, r.rule);
    }
  }
  const page = (await plugin.scrubber({ profile: 'page' })).ruleTable();
  assert.ok(page.length > 0 && JSON.stringify(page) !== JSON.stringify(table));
});

const categoryCases = ['junk_kinds.txt', 'multilingual.txt', 'widgets.txt'];

/**
 * A fixture cleaned skipping the category of its first removal, and what
 * the Rust CLI says with that category's rules disabled in a rule file (the
 * CLI has no skip flag).
 */
async function withoutCategory(name) {
  const file = join(fixtures, name);
  const scrubber = await plugin.scrubber();
  const text = readFileSync(file, 'utf8');
  const full = await scrubber.clean(text);
  const { category } = full.removals[0];
  const ids = scrubber.ruleTable().filter((r) => r.category === category).map((r) => r.id);
  const rules = join(mkdtempSync(join(tmpdir(), 'chaff-node-')), 'skip.toml');
  writeFileSync(rules, `version = 1\nextends = "builtin"\ndisable = ${JSON.stringify(ids)}\n`);
  const expected = rustHost(file, `--rules=${rules}`);
  assert.ok(!expected.removals.some((r) => r.category === category));
  return { file, scrubber, text, category, ids, expected };
}

for (const name of categoryCases) {
  test(`${name}: skipping a category cuts what disabling its rules cuts`, async () => {
    const { file, scrubber, text, category, ids, expected } = await withoutCategory(name);
    const skipped = await scrubber.clean(text, { skipCategories: [category] });
    assert.equal(skipped.text, expected.text);
    const offsets = (o) => o.removals.map((r) => [r.start, r.end]);
    assert.deepEqual(offsets(skipped), offsets(expected));
    // Skipping by id does the same; the next call without options is whole again.
    assert.equal((await scrubber.clean(text, { skipRules: ids })).text, expected.text);
    assert.deepEqual(await scrubber.clean(text), rustHost(file));
  });

  test(`${name}: skipping a category names the removals right`, async () => {
    const { scrubber, text, category, expected } = await withoutCategory(name);
    const skipped = await scrubber.clean(text, { skipCategories: [category] });
    assert.ok(!skipped.removals.some((r) => r.category === category));
    assert.deepEqual(skipped, expected);
  });
}

test('the url option applies the rules of that site', async () => {
  const rules = 'extends = "builtin"\n\n[[rule]]\nid = "site.footer"\ncategory = "boilerplate"\nkind = "phrases"\n'
    + 'phrases = ["Proudly serving the valley since 1921"]\nsites = ["valley-herald.example"]\n';
  const scrubber = await plugin.scrubber(rules);
  const text = 'The council met on Tuesday to discuss the bridge.\nProudly serving the valley since 1921\n';
  const outcome = await scrubber.clean(text, { url: 'https://www.valley-herald.example/2026/11/bridge' });
  assert.equal(outcome.text, 'The council met on Tuesday to discuss the bridge.\n');
  assert.deepEqual(outcome.removals.map((r) => [r.rule, r.category]), [['site.footer', 'boilerplate']]);
  assert.equal((await scrubber.clean(text, { url: 'valley-herald.example' })).text, outcome.text);
  assert.equal((await scrubber.clean(text, { url: 'https://other.example/' })).text, text);
  assert.equal((await scrubber.clean(text)).text, text);
  const batch = await scrubber.cleanBatch([text, text], { url: 'valley-herald.example' });
  assert.deepEqual(batch.map((o) => o.text), [outcome.text, outcome.text]);
});

const fullPage = join(fixtures, 'region/full_page.txt');

test("the 'page' profile gives what `chaff clean --profile page` gives", async () => {
  const text = readFileSync(fullPage, 'utf8');
  const expected = rustHost(fullPage, '--profile=page');
  assert.notEqual(expected.text, rustHost(fullPage).text);
  const page = await plugin.scrubber({ profile: 'page' });
  assert.equal(page.profile, 'page');
  assert.match(page.rules, /builtin/);
  assert.deepEqual(await page.clean(text), expected);
  assert.deepEqual(await (await plugin.scrubber(page.rules)).clean(text), expected);
  // The scrubber's own profile as an option changes nothing.
  assert.deepEqual(await page.clean(text, { profile: 'page' }), expected);
});

test("the 'page' profile as an option", async () => {
  const expected = rustHost(fullPage, '--profile=page');
  const scrubber = await plugin.scrubber();
  assert.deepEqual(await scrubber.clean(readFileSync(fullPage, 'utf8'), { profile: 'page' }), expected);
});

test('refused options reject with a typed OptionsError', async () => {
  const scrubber = await plugin.scrubber();
  const text = 'A sentence of the article.\nRead More: Another story entirely\n';
  const refused = (kind, value) => (e) => {
    assert.ok(e instanceof OptionsError, String(e));
    assert.equal(e.kind, kind);
    if (value !== undefined) assert.equal(e.value, value);
    return true;
  };
  await assert.rejects(scrubber.cleanBatch([text, text], { skipRules: ['read-more.no-such-rule'] }),
    refused('unknown-rule', 'read-more.no-such-rule'));
  await assert.rejects(scrubber.clean(text, { skipCategories: ['no-such-category'] }),
    refused('unknown-category', 'no-such-category'));
  const own = await plugin.scrubber('version = 1\n[[rule]]\nid = "mine.x"\ncategory = "spam"\nkind = "phrases"\nphrases = ["x"]\n');
  await assert.rejects(own.clean(text, { profile: 'page' }), refused('profile-unavailable'));
  // Caught before the call: unknown keys, wrong types, unknown profiles.
  await assert.rejects(scrubber.clean(text, { skip_rules: ['read-more.prefix'] }), TypeError);
  await assert.rejects(scrubber.clean(text, { skipRules: 'read-more.prefix' }), TypeError);
  await assert.rejects(scrubber.clean(text, { profile: 'nope' }), TypeError);
  await assert.rejects(plugin.scrubber({ profile: 'nope' }), TypeError);
  // The scrubber is still fine.
  assert.equal((await scrubber.clean(text)).text, 'A sentence of the article.\n');
});

test('a syntax error says where', async () => {
  await assert.rejects(plugin.scrubber('version = 1\n[[rule]\n'), (e) => {
    assert.ok(e instanceof RuleError);
    assert.deepEqual([e.line, e.column, e.rule], [2, 8, undefined]);
    return true;
  });
});

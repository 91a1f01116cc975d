// The package as a user gets it: `npm pack` here, `npm install` of the
// tarball into an empty project (offline: the package has no dependencies),
// then `import { Plugin } from 'chaff-scrubber'` there cleans a fixture
// exactly as `target/release/chaff clean` does, and the package's types
// check in that project. These are the README's install lines; the tarball
// goes to a temporary directory instead of bindings/node.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const pkgDir = fileURLToPath(new URL('..', import.meta.url));
const root = join(pkgDir, '../..');
const chaffBin = join(root, 'target/release/chaff');
const fixture = join(root, 'tests/fixtures/multilingual.txt');
const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const quiet = ['--no-audit', '--no-fund', '--loglevel=error'];

let work;
let app;
let packed;

before(() => {
  work = mkdtempSync(join(tmpdir(), 'chaff-scrubber-pack-'));
  // `npm pack` runs prepack (scripts/build.js), which transpiles
  // target/guest/chaff.wasm into gen/ when it changed.
  const out = execFileSync(npm, ['pack', '--json', '--pack-destination', work, ...quiet], {
    cwd: pkgDir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'],
  });
  // Lifecycle scripts may print before the JSON.
  [packed] = JSON.parse(out.slice(out.indexOf('[')));
  app = join(work, 'app');
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }, null, 2));
  execFileSync(npm, ['install', join(work, packed.filename), '--offline', ...quiet], { cwd: app, stdio: 'inherit' });
});
after(() => work && rmSync(work, { recursive: true, force: true }));

test('the tarball holds the library, its types and the transpiled component, and nothing else', () => {
  assert.equal(packed.filename, `chaff-scrubber-${pkg.version}.tgz`);
  const files = packed.files.map((f) => f.path).sort();
  for (const f of ['package.json', 'README.md', 'index.js', 'index.d.ts', 'worker.js', 'wasm-memory.js', 'offsets.js',
    'gen/chaff.js', 'gen/chaff.core.wasm', 'gen/build.json']) {
    assert.ok(files.includes(f), `${f} missing from ${files.join(', ')}`);
  }
  assert.deepEqual(files.filter((f) => /^(test|scripts|node_modules)\//.test(f) || f === 'package-lock.json'), []);
  const built = JSON.parse(readFileSync(join(pkgDir, 'gen/build.json'), 'utf8'));
  const sha = createHash('sha256').update(readFileSync(join(root, 'target/guest/chaff.wasm'))).digest('hex');
  assert.equal(built.sha256, sha, 'gen/ is not built from the current target/guest/chaff.wasm');
});

test('package.json: version of the contract, no runtime dependencies, Node 18 or later', () => {
  const wit = readFileSync(join(root, 'wit/chaff.wit'), 'utf8');
  assert.equal(`package chaff:scrubber@${pkg.version};`, /^package chaff:scrubber@[^;]+;/m.exec(wit)?.[0]);
  assert.equal(pkg.name, 'chaff-scrubber');
  assert.equal(pkg.license, 'MIT OR Apache-2.0');
  assert.equal(pkg.dependencies, undefined);
  assert.equal(pkg.engines.node, '>=18');
  const installed = join(app, 'node_modules/chaff-scrubber');
  assert.ok(lstatSync(installed).isDirectory() && !lstatSync(installed).isSymbolicLink(), 'installed as a copy, not a link');
  assert.deepEqual(JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')).version, pkg.version);
  // No package but chaff-scrubber came with it.
  assert.deepEqual(Object.keys(JSON.parse(readFileSync(join(app, 'package-lock.json'), 'utf8')).packages).sort(),
    ['', 'node_modules/chaff-scrubber']);
});

test("`import { Plugin } from 'chaff-scrubber'` cleans as `chaff clean` does", () => {
  writeFileSync(join(app, 'clean.js'), `
import { readFileSync } from 'node:fs';
import { Plugin, removedText } from 'chaff-scrubber';

const text = readFileSync(process.argv[2], 'utf8');
const plugin = await Plugin.load();
try {
  const scrubber = await plugin.scrubber();
  const { text: cleaned, removals } = await scrubber.clean(text);
  const removed = removals.map((r) => removedText(text, r));
  console.log(JSON.stringify({ cleaned, removals, removed, contract: plugin.contract }));
} finally {
  plugin.close();
}
`);
  const got = JSON.parse(execFileSync(process.execPath, ['clean.js', fixture], { cwd: app, encoding: 'utf8' }));
  const report = join(work, 'report.jsonl');
  const expected = execFileSync(chaffBin, ['clean', '--quiet', `--report=${report}`, fixture], { encoding: 'utf8' });
  assert.equal(got.cleaned, expected);
  const removals = readFileSync(report, 'utf8').split('\n').filter(Boolean).map((l) => {
    const { rule, category, start, end } = JSON.parse(l);
    return { rule, category, start, end };
  });
  assert.ok(removals.length > 0);
  assert.deepEqual(got.removals, removals);
  const bytes = readFileSync(fixture);
  assert.deepEqual(got.removed, removals.map((r) => bytes.subarray(r.start, r.end).toString('utf8')));
  assert.ok(got.removed.some((s) => /[^\x00-\x7f]/.test(s)), 'the fixture exercises non-ASCII offsets');
  assert.deepEqual(got.contract, { interface: 'chaff:scrubber/scrub@0.1.1', version: '0.1.1' });
});

test("the package's types check in the project (tsc, nodenext)", () => {
  const tsc = join(pkgDir, 'node_modules/.bin/tsc');
  assert.ok(existsSync(tsc), 'run `npm install` in bindings/node first');
  writeFileSync(join(app, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { module: 'nodenext', target: 'es2022', strict: true, noEmit: true, types: [] },
    files: ['check.ts'],
  }));
  writeFileSync(join(app, 'check.ts'), `
import { Plugin, OptionsError, RuleError, removedText, stringRanges, type Outcome, type RuleInfo } from 'chaff-scrubber';

const plugin: Plugin = await Plugin.load(undefined, { deadlineMs: 1000, memoryBytes: 256 << 20 });
const scrubber = await plugin.scrubber({ profile: 'page' });
const outcome: Outcome = await scrubber.clean('text', { url: 'example.com', skipCategories: ['metadata'] });
const many: Outcome[] = await scrubber.cleanBatch(['a', 'b'], { skipRules: ['ui.lone-words'], profile: 'extractor' });
const table: readonly RuleInfo[] = scrubber.ruleTable();
const pieces: string[] = outcome.removals.map((r) => removedText('text', r));
const ranges: { start: number; end: number }[] = stringRanges('text', outcome.removals);
const version: '0.1.0' | '0.1.1' = plugin.contract.version;
try { await plugin.scrubber('version = 1'); } catch (e) {
  if (e instanceof RuleError) console.log(e.rule, e.field, e.line, e.column);
  if (e instanceof OptionsError) console.log(e.kind, e.value);
}
// @ts-expect-error: profiles are 'extractor' or 'page'
await plugin.scrubber({ profile: 'full' });
// @ts-expect-error: options are camelCase
await scrubber.clean('text', { skip_rules: [] });
plugin.close();
console.log(many, table, pieces, ranges, version);
`);
  try {
    execFileSync(tsc, ['-p', app], { cwd: app, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    assert.fail(`tsc: ${e.stdout}${e.stderr}`);
  }
});

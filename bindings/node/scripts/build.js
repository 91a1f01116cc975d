// Transpiles the chaff component into gen/ with jco, for the package:
//
//   node scripts/build.js [COMPONENT [OUT_DIR [NAME]]]
//
// defaults: ../../target/guest/chaff.wasm (what `cargo build --release`
// leaves there), gen/, chaff. `npm run build` and `npm pack` (prepack) run
// it with jco from this package's devDependencies; any `jco` on PATH does.
// gen/build.json records the component's SHA-256 and jco's version, and a
// build whose inputs match it is skipped.
//
// The transpiled module must import nothing (the chaff component imports
// nothing), so the package needs no runtime dependencies, not even jco's
// preview2-shim; the build fails if it does.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(dirname(fileURLToPath(import.meta.url)));
const [component = join(here, '../../target/guest/chaff.wasm'), outDir = join(here, 'gen'), name = 'chaff'] =
  process.argv.slice(2).map((a, i) => (i < 2 ? resolve(a) : a));

if (!existsSync(component)) {
  console.error(`${component} is missing: build the component first (\`cargo build --release\` in the chaff repository)`);
  process.exit(1);
}

function jcoVersion() {
  try {
    return execFileSync('jco', ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  } catch (e) {
    console.error(`cannot run jco (${e.code ?? e.message}): run this through \`npm run build\` after \`npm install\``);
    process.exit(1);
  }
}

const stamp = {
  component: relative(here, component),
  sha256: createHash('sha256').update(readFileSync(component)).digest('hex'),
  jco: jcoVersion(),
  instantiation: 'sync',
};
const stampFile = join(outDir, 'build.json');
const module = join(outDir, `${name}.js`);
if (existsSync(stampFile) && existsSync(module)) {
  const previous = JSON.parse(readFileSync(stampFile, 'utf8'));
  if (previous.sha256 === stamp.sha256 && previous.jco === stamp.jco && previous.instantiation === stamp.instantiation) {
    process.exit(0);
  }
}

rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });
execFileSync('jco', ['transpile', component, '--instantiation', 'sync', '--out-dir', outDir, '--name', name, '--quiet'], {
  stdio: ['ignore', 'ignore', 'inherit'],
});

// Static or dynamic imports would be runtime dependencies the package does not declare.
const source = readFileSync(module, 'utf8');
const imports = [...source.matchAll(/^\s*import\s[^;]*?from\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]/gm)]
  .map((m) => m[1] ?? m[2]);
if (imports.length) {
  rmSync(outDir, { recursive: true, force: true });
  console.error(`${module} imports ${imports.join(', ')}: the component must import nothing`);
  process.exit(1);
}
writeFileSync(stampFile, `${JSON.stringify(stamp, null, 2)}\n`);
console.error(`transpiled ${stamp.component} → ${relative(process.cwd(), outDir) || '.'}/ (${readdirSync(outDir).length} entries)`);

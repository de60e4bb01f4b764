// The package as a user receives it: what `npm pack` puts in the tarball, what `import('layerw')` gives, and whether
// a strict TypeScript project (skipLibCheck false) compiles against its types under TypeScript 5 and the latest.
// Needs the build (`npm run build`); packs with --ignore-scripts so the test checks that build rather than making one.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const require = createRequire(import.meta.url);
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** Where a file of the tarball may be: anything else (sources, tests, build output) is a packing mistake. */
const ALLOWED = [
  /^package\.json$/,
  /^README\.md$/,
  /^dist\/layerw(-[\w.-]+)?\.js$/,
  // layerw/vite and the layerw CLI: Node code, with the system library the CLI compiles against.
  /^dist\/node\/.+\.(js|d\.ts)$/,
  /^dist\/node\/assembly\/system-lib\.ts$/,
  /^dist\/types\/.+\.d\.ts$/,
  /^dist\/custom-elements\.json$/,
  /^dist\/vscode\.html-custom-data\.json$/,
  /^demo\/screenshot\.png$/,
  /^bench\/README\.md$/,
];

/** A project with the packed tarball installed as node_modules/layerw, and its dependency @webgpu/types. */
let project = '';

before(() => {
  project = mkdtempSync(path.join(tmpdir(), 'layerw-consumer-'));
  const tarball = execFileSync(npm, ['pack', '--ignore-scripts', '--silent', '--pack-destination', project], { cwd: root, encoding: 'utf8' }).trim();
  const installed = path.join(project, 'node_modules', 'layerw');
  mkdirSync(installed, { recursive: true });
  execFileSync('tar', ['xzf', path.join(project, tarball), '-C', installed, '--strip-components=1']);
  for (const dependency of [...Object.keys(pkg.dependencies ?? {}), '@types/react', 'csstype']) {
    const target = path.join(project, 'node_modules', dependency);
    mkdirSync(path.dirname(target), { recursive: true });
    symlinkSync(path.join(root, 'node_modules', dependency), target, 'dir');
  }
  cpSync(path.join(root, 'test/node/consumer'), project, { recursive: true });
});

after(() => {
  if (project) rmSync(project, { recursive: true, force: true });
});

function packedFiles() {
  const [report] = JSON.parse(execFileSync(npm, ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' }));
  return report.files.map((file) => file.path).sort();
}

test('npm pack ships the bundle, its chunks, the type declarations, the README and its pictures, and nothing else', () => {
  const files = packedFiles();
  const stray = files.filter((file) => !ALLOWED.some((pattern) => pattern.test(file)));
  assert.deepEqual(stray, [], 'files the package should not contain');
  const entries = [pkg.types, pkg.customElements, ...Object.values(pkg.exports['.']), pkg.module].map((file) => path.posix.normalize(file));
  for (const file of ['package.json', 'README.md', 'dist/layerw.js', 'dist/layerw-shared.js', 'dist/types/src/framework-elements.d.ts', ...entries]) {
    assert.ok(files.includes(file), `the tarball has ${file}`);
  }
  // Every chunk the bundle can load, statically or on first use, is in the tarball.
  const seen = new Set();
  const queue = ['dist/layerw.js'];
  for (let file = queue.pop(); file !== undefined; file = queue.pop()) {
    if (seen.has(file)) continue;
    seen.add(file);
    assert.ok(files.includes(file), `the tarball has ${file}, which the bundle loads`);
    const code = readFileSync(path.join(root, file), 'utf8');
    for (const [, chunk] of code.matchAll(/["'`]\.\/(layerw-[\w.-]+\.js)["'`]/g)) queue.push(`dist/${chunk}`);
  }
  assert.ok(seen.size > 2, `the bundle loads its chunks: ${[...seen].join(', ')}`);
});

test('the README\'s links to its screenshot and benchmarks point at files of this version of the package', () => {
  const files = packedFiles();
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
  assert.doesNotMatch(readme, /src="\.\/src\/index\.ts"/, 'the README does not load the sources');
  const links = [...readme.matchAll(/\]\((?!#)([^)\s]+)\)/g)].map((match) => match[1]);
  assert.ok(links.length > 0);
  const prefix = `https://cdn.jsdelivr.net/npm/${pkg.name}@${pkg.version}/`;
  for (const link of links) {
    assert.match(link, /^https:\/\//, `${link} works on the registry's page: an absolute URL`);
    if (link.startsWith(`https://cdn.jsdelivr.net/npm/${pkg.name}@`)) {
      assert.ok(link.startsWith(prefix), `${link} names version ${pkg.version}`);
      assert.ok(files.includes(link.slice(prefix.length)), `${link} is a file of the tarball`);
    }
  }
  assert.ok(links.some((link) => link.endsWith('/demo/screenshot.png')), 'the screenshot is linked from the package');
});

test('import("layerw") from the installed tarball exports exactly the values its types declare', () => {
  const script = 'const m = await import("layerw"); console.log(JSON.stringify(Object.keys(m)));';
  const names = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: project, encoding: 'utf8' }));
  const ts = require('typescript');
  const declarations = path.join(project, 'node_modules/layerw/dist/types/src/index.d.ts');
  const program = ts.createProgram([declarations], { noEmit: true, lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'], types: [] });
  const checker = program.getTypeChecker();
  const declared = checker.getExportsOfModule(checker.getSymbolAtLocation(program.getSourceFile(declarations)))
    .filter((symbol) => (ts.skipAlias(symbol, checker).flags & ts.SymbolFlags.Value) !== 0)
    .map((symbol) => symbol.name);
  assert.deepEqual([...names].sort(), [...declared].sort());
  for (const name of names) assert.ok(name.length > 2, `${name} is a real name, not a minified one`);
});

/** Type-checks the consumer project with the `tsc` of the given package; returns the compiler's output. */
function typeCheck(compilerPackage) {
  const tsc = path.join(path.dirname(require.resolve(`${compilerPackage}/package.json`)), 'bin', 'tsc');
  const version = execFileSync(process.execPath, [tsc, '--version'], { encoding: 'utf8' }).trim();
  try {
    execFileSync(process.execPath, [tsc, '-p', path.join(project, 'tsconfig.json')], { cwd: project, encoding: 'utf8' });
  } catch (error) {
    assert.fail(`${version}: the consumer does not compile:\n${error.stdout}${error.stderr}`);
  }
  return version;
}

test('a strict consumer (skipLibCheck false, React JSX) compiles against the types under TypeScript 5', () => {
  assert.match(typeCheck('typescript'), /^Version 5\./);
});

test('a strict consumer (skipLibCheck false, React JSX) compiles against the types under the latest TypeScript', () => {
  assert.match(typeCheck('typescript-latest'), /^Version \d+\./);
});

#!/usr/bin/env node
// `npm run build:systems`: compiles the example system files (demo/systems/*.system.ts) to WebAssembly with
// compileSystem, into build/systems/<name>.wasm, for demo/systems.html and the systems benchmark.
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from 'vite';

const rootDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const sourceDir = path.join(rootDir, 'demo', 'systems');
const outDir = path.join(rootDir, 'build', 'systems');

// compile-system.ts is TypeScript: Vite loads it (and the compiler it imports on demand) for Node.
const server = await createServer({
  root: rootDir, configFile: false, logLevel: 'warn', appType: 'custom',
  server: { middlewareMode: true, hmr: false }, optimizeDeps: { noDiscovery: true },
});
try {
  const module = await server.ssrLoadModule('/src/systems/compile-system.ts');
  const libSource = await readFile(path.join(rootDir, 'assembly', 'system-lib.ts'), 'utf8');
  await mkdir(outDir, { recursive: true });
  for (const file of (await readdir(sourceDir)).filter((name) => name.endsWith('.system.ts')).sort()) {
    const source = await readFile(path.join(sourceDir, file), 'utf8');
    const bytes = await module.compileSystem({ source, fileName: file, libSource });
    const out = path.join(outDir, file.replace(/\.system\.ts$/, '.wasm'));
    await writeFile(out, bytes);
    console.log(`build-systems: ${path.relative(rootDir, out)} (${bytes.length} bytes)`);
  }
} finally {
  await server.close();
}

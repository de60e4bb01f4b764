// The ES modules that stand for a system file in a page: the Vite plugin (`layerw/vite`) and the CLI
// (`layerw build-system`) write them. Runs in Node; never part of the browser bundle.

/**
 * A module whose default export is the WebAssembly kernel `{ kind: 'wasm', id, bytes }` of a compiled system.
 * The bytes are inline as base64 and decoded with `atob`: no fetch, no eval, no URL to configure, so it works
 * in any bundler and under a CSP of `script-src 'self' 'wasm-unsafe-eval'`.
 */
export function wasmKernelModule(bytes: Uint8Array, id: string): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return [
    `// The WebAssembly build of ${id}.`,
    `const text = atob(${JSON.stringify(btoa(binary))});`,
    'const bytes = new Uint8Array(text.length);',
    'for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);',
    `export default { kind: 'wasm', id: ${JSON.stringify(id)}, bytes };`,
    '',
  ].join('\n');
}

/**
 * A module whose default export is the JavaScript kernel `{ kind: 'js', id, run }` of the system file at
 * `url` (also its id), with a hot-reload hook: when the file is saved, its new `run` replaces the old one in
 * every scene through `swapSystemKernel` (imported from `runtime`), and the columns keep their state.
 */
export function jsKernelModule(url: string, runtime: string): string {
  const file = JSON.stringify(url);
  return [
    `import { run } from ${file};`,
    `import { swapSystemKernel } from ${JSON.stringify(runtime)};`,
    `const id = ${file};`,
    "export default { kind: 'js', id, run };",
    'if (import.meta.hot) {',
    `  import.meta.hot.accept(${file}, (next) => {`,
    "    if (next) swapSystemKernel(id, { kind: 'js', id, run: next.run });",
    '  });',
    '}',
    '',
  ].join('\n');
}

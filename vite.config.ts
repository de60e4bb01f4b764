import { defineConfig } from 'vite';

// The dev server serves the whole project so demo pages, tests and benchmarks load the same sources and the
// WebAssembly core from build/.
export default defineConfig({
  server: { host: '127.0.0.1', port: 5173 },
  build: { target: 'es2022' },
});

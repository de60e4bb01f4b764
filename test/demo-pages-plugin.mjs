// Test server plugin: `/test/demo-pages.json` lists the demo pages (demo/*.html), so a browser test can visit every
// one of them, including pages added later. Wired into web-test-runner.config.mjs.
import { readdir } from 'node:fs/promises';
import path from 'node:path';

/** @param {{ rootDir: string }} options @returns {import('@web/dev-server-core').Plugin} */
export function demoPagesPlugin({ rootDir }) {
  return {
    name: 'layerw-demo-pages',
    async serve(context) {
      if (context.path !== '/test/demo-pages.json') return undefined;
      const pages = (await readdir(path.join(rootDir, 'demo'))).filter((name) => name.endsWith('.html')).sort();
      return { body: JSON.stringify(pages), type: 'json' };
    },
  };
}

import { assert } from '../assert.js';

// Every demo page (demo/*.html), loaded in a frame as a person opens it, checked by axe-core with its default
// rules (WCAG 2 A and AA and best practices), shadow trees included.

interface AxeViolation {
  id: string;
  help: string;
  nodes: { target: unknown[] }[];
}

interface AxeWindow extends Window {
  axe: { run(context: Document): Promise<{ violations: AxeViolation[] }> };
}

/** Query strings that keep heavy demos light enough for a software GPU. */
const LIGHTER: Record<string, string> = { 'systems.html': '?count=500', 'culling.html': '?count=2000' };

function waitFor(target: EventTarget, type: string, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    target.addEventListener(type, () => {
      clearTimeout(timer);
      resolve(true);
    }, { once: true });
  });
}

/** Opens `page` in a frame, waits for its scene's first frame (if it has one), and runs axe inside it. */
async function violationsOf(page: string): Promise<string[]> {
  const frame = document.createElement('iframe');
  frame.style.cssText = 'width: 1024px; height: 700px; border: 0;';
  frame.title = page;
  const loaded = waitFor(frame, 'load', 60000);
  frame.src = `/demo/${page}${LIGHTER[page] ?? ''}`;
  document.body.append(frame);
  try {
    assert(await loaded, `${page} did not load`);
    const win = frame.contentWindow as AxeWindow;
    const doc = frame.contentDocument!;
    const scene = doc.querySelector('layerw-scene');
    if (scene) assert(await waitFor(scene, 'ready', 60000), `${page}: the scene drew no frame`);
    // The labelled meshes' list box is built just after the meshes connect.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const script = doc.createElement('script');
    script.src = '/node_modules/axe-core/axe.min.js';
    const ready = waitFor(script, 'load', 30000);
    doc.head.append(script);
    assert(await ready, 'axe-core loaded');
    const { violations } = await win.axe.run(doc);
    return violations.map((v) => `${v.id} (${v.help}): ${v.nodes.map((node) => JSON.stringify(node.target)).join(', ')}`);
  } finally {
    frame.remove();
  }
}

const pages = (await (await fetch('/test/demo-pages.json')).json()) as string[];

describe('demo pages under axe-core', function () {
  this.timeout(180000);

  it('lists the demo pages', () => {
    assert(pages.includes('index.html') && pages.includes('pick.html'), `demo pages found: ${pages.join(', ')}`);
  });

  for (const page of pages) {
    it(`finds no violation on demo/${page}`, async () => {
      const found = await violationsOf(page);
      assert(found.length === 0, `axe violations on ${page}:\n${found.join('\n')}`);
    });
  }
});

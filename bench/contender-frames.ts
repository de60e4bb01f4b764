// The bench page's side of the contender pages: each contender gets an iframe of its own (one library per
// document), all stacked at the same place and size so each stays on screen (its animation frames run and
// LayerW's visibility observer sees it); the one being timed is brought to the front, for screenshots.

import type { ContenderPage } from './contender-api.js';
import { VIEW } from './scene-layout.js';

/** The pages in bench/pages/. */
export type ContenderPageName = 'layerw' | 'aframe' | 'three' | 'floor' | 'waapi' | 'webgpu-floor' | 'three-webgpu' | 'model-floor';

const LOAD_TIMEOUT_MS = 60_000;
let frontmost = 0;

/** One contender's iframe and the methods its page offers. */
export interface ContenderFrame {
  /** Unique on the bench page; screenshots name the frame by it. */
  readonly id: string;
  readonly page: ContenderPage;
  /** Puts this frame in front of the others. */
  front(): void;
  /** Removes the frame and everything in it. */
  close(): void;
}

/** Opens `bench/pages/<name>.html` in a new iframe and resolves once its page has set `benchContender`. */
export async function openContender(name: ContenderPageName, id: string = name): Promise<ContenderFrame> {
  const iframe = document.createElement('iframe');
  iframe.src = new URL(`./pages/${name}.html`, import.meta.url).href;
  iframe.dataset['contender'] = id;
  iframe.style.cssText = `position: fixed; top: 0; left: 0; width: ${VIEW.width}px; height: ${VIEW.height}px; border: 0; background: #101418;`;
  document.body.append(iframe);
  const started = performance.now();
  while (iframe.contentWindow?.benchContender === undefined) {
    if (performance.now() - started > LOAD_TIMEOUT_MS) throw new Error(`bench: the ${name} contender page did not load`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const page = iframe.contentWindow.benchContender;
  return {
    id,
    page,
    front: () => {
      iframe.style.zIndex = String(++frontmost);
    },
    close: () => {
      page.clear();
      iframe.remove();
    },
  };
}

/** The method `name` of a contender page, or an error saying the page lacks it. */
export function need<K extends keyof ContenderPage>(frame: ContenderFrame, name: K): NonNullable<ContenderPage[K]> {
  const method = frame.page[name];
  if (method === undefined) throw new Error(`bench: the ${frame.id} page has no ${String(name)}`);
  return (typeof method === 'function' ? method.bind(frame.page) : method) as NonNullable<ContenderPage[K]>;
}

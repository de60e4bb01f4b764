// Creating 10,000 boxes from nothing to the first frame that shows them, each contender in a fresh scene of
// its own page. Subject: `<layerw-mesh geometry="box" position color>` appended to a `<layerw-scene>`, to the
// end of the engine's first frame with all of them. Peers: the same markup on trivial custom elements (the
// floor: what the DOM alone costs, to the next animation frame), A-Frame `<a-entity>`s to their first
// rendered frame, and three.js Meshes to the return of the first `renderer.render`.

import { need, openContender, type ContenderFrame, type ContenderPageName } from './contender-frames.js';
import { compareRuns, log, type BenchRow, type Pairing, type RunContender, type Settings } from './harness.js';
import { screenshot } from './host.js';

const COUNT = 10_000;
const SUBJECT = 'layerw <layerw-mesh>';
const FLOOR = 'floor custom elements';
const AFRAME = 'aframe <a-entity>';
const THREE = 'three.js Mesh';

/** One contender: create, check what is on screen, keep a picture of the first run, clear. */
function creator(frame: ContenderFrame, name: string, renders: boolean): RunContender {
  const create = need(frame, 'create');
  let pictured = false;
  return {
    name,
    run: async () => {
      frame.front();
      const ms = await create(COUNT);
      const shown = frame.page.describe();
      if (shown.objects !== COUNT) throw new Error(`create: ${name} shows ${shown.objects} objects, not ${COUNT}`);
      if (renders && !pictured) {
        pictured = true;
        const path = await screenshot(frame.id, `create-${frame.id}`);
        log(`create: ${name}: ${shown.objects} objects, ${shown.drawn ?? '?'} drawn${shown.drawn === null ? '' : ' (visible or draw calls)'}${path ? `; screenshot ${path}` : ''}`);
      }
      await frame.page.idle?.();
      frame.page.clear();
      return { [name]: ms };
    },
  };
}

/** The create case. Called once by the bench page. */
export async function runCreateBench(settings: Settings): Promise<BenchRow[]> {
  const pages: [ContenderPageName, string, boolean][] = [['layerw', SUBJECT, true], ['floor', FLOOR, false], ['aframe', AFRAME, true], ['three', THREE, true]];
  const frames: ContenderFrame[] = [];
  try {
    for (const [page] of pages) frames.push(await openContender(page));
    const contenders = pages.map(([, name, renders], i) => creator(frames[i]!, name, renders));
    const pairings: Pairing[] = [
      { subject: SUBJECT, peer: FLOOR, target: 0.5 },
      { subject: SUBJECT, peer: AFRAME, target: 20 },
      { subject: SUBJECT, peer: THREE },
    ];
    return await compareRuns('create', '10k boxes to first frame', contenders, pairings, settings.scenes, 250);
  } finally {
    for (const frame of frames) frame.close();
  }
}

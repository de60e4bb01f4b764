// Moving 10,000 boxes by their `position` attribute in one go, with 10,000 boxes on screen. The time is that
// of the 10,000 `setAttribute('position', 'x y z')` calls themselves: LayerW parses each value and writes it
// into the position column at once; A-Frame parses it and sets `object3D.position`. Both are given the same
// strings (A-Frame also takes objects; strings for both keep it fair). The DOM floor is the same calls on a
// trivial custom element (bench/pages/floor-page.ts: observedAttributes and an attributeChangedCallback that
// keeps a parsed number): what any custom element pays for setAttribute; target, at most 1.25x its time. The
// memory floor writes the 30,000 numbers into a Float32Array, which is all a column store has to do once values
// are parsed.

import { need, openContender, type ContenderFrame } from './contender-frames.js';
import { compare, log, type BenchRow, type Contender, type Settings } from './harness.js';
import { layoutFor } from './scene-layout.js';

const COUNT = 10_000;
const SUBJECT = 'layerw setAttribute';
const AFRAME = 'aframe setAttribute';
const DOM_FLOOR = 'custom element setAttribute (DOM floor)';
const FLOOR = 'Float32Array write (30k numbers)';
/** Boxes whose position is checked after timing, in both scenes. */
const CHECKED = [0, 1, 4999, COUNT - 1];

/** The update case. Called once by the bench page. */
export async function runUpdateBench(settings: Settings): Promise<BenchRow[]> {
  const layout = layoutFor(COUNT);
  const texts = [layout.movedPositionText, layout.positionText];
  const frames: ContenderFrame[] = [];
  try {
    const layerw = await openContender('layerw');
    frames.push(layerw);
    const aframe = await openContender('aframe');
    frames.push(aframe);
    const floor = await openContender('floor');
    frames.push(floor);
    for (const frame of frames) {
      frame.front();
      await need(frame, 'populate')(COUNT, { moving: false });
      const shown = frame.page.describe();
      if (shown.objects !== COUNT) throw new Error(`update: the ${frame.id} scene has ${shown.objects} objects, not ${COUNT}`);
    }
    // Floor: the same values as numbers, written into a column.
    const numbers = [new Float32Array(layout.positions.map((v, i) => (i % 3 === 0 ? v + 0.25 : v))), layout.positions];
    const column = new Float32Array(COUNT * 3);

    // Every run writes the other set of values, so each call really changes the position.
    let subjectTurn = 0;
    let aframeTurn = 0;
    let domTurn = 0;
    let floorTurn = 0;
    const setLayerw = need(layerw, 'setPositions');
    const setAframe = need(aframe, 'setPositions');
    const setDom = need(floor, 'setPositions');
    const contenders: Contender[] = [
      { name: SUBJECT, run: () => setLayerw(texts[subjectTurn++ & 1]!) },
      { name: AFRAME, run: () => setAframe(texts[aframeTurn++ & 1]!) },
      { name: DOM_FLOOR, run: () => setDom(texts[domTurn++ & 1]!) },
      {
        name: FLOOR,
        run: () => {
          const source = numbers[floorTurn++ & 1]!;
          for (let i = 0; i < source.length; i++) column[i] = source[i]!;
        },
      },
    ];
    const rows = compare('update', '10k position setAttribute', contenders, [
      { subject: SUBJECT, peer: AFRAME, target: 5 },
      // peer / subject >= 0.8: LayerW takes at most 1.25x the floor's time.
      { subject: SUBJECT, peer: DOM_FLOOR, target: 0.8 },
      { subject: SUBJECT, peer: FLOOR },
    ], settings);

    // The last values written must be where each library keeps them.
    for (const [frame, turn] of [[layerw, subjectTurn], [aframe, aframeTurn], [floor, domTurn]] as const) {
      const last = texts[(turn - 1) & 1]!;
      for (const index of CHECKED) {
        const problem = need(frame, 'checkPosition')(last, index);
        if (problem !== null) throw new Error(`update: ${frame.id} box ${index}: ${problem}`);
      }
    }
    log(`update: positions checked after ${subjectTurn}, ${aframeTurn} and ${domTurn} rounds of 10k updates`);
    return rows;
  } finally {
    for (const frame of frames) frame.close();
  }
}

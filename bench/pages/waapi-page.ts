// Contender page: the browser's own tweens. N small absolutely placed <div>s, one per box of the shared layout
// (x and y mapped onto the frame, z ignored), each bobbing by a Web Animation of its `transform` with the same
// timing as the other pages' tweens (2 s, alternating, ease-in-out, forever). The browser runs the animations;
// this page only counts animation frames, so the bench can read the main thread's time per frame.

import type { ContenderPage, PopulateOptions } from '../contender-api.js';
import { PALETTE, TWEEN_MS, TWEEN_RISE, VIEW, layoutFor } from '../scene-layout.js';

/** CSS pixels per layout unit: the layout's 100 × 60 units fill most of the frame. */
const PIXELS_PER_UNIT = 6;

let container: HTMLDivElement | null = null;
let boxes: HTMLDivElement[] = [];
let animations: Animation[] = [];
let playing = false;
let frames = 0;
let waiter: (() => void) | null = null;
let waitUntil = 0;

function onFrame(): void {
  if (!playing) return;
  frames++;
  if (waiter !== null && frames >= waitUntil) {
    const wake = waiter;
    waiter = null;
    wake();
  }
  requestAnimationFrame(onFrame);
}

function clear(): void {
  for (const animation of animations) animation.cancel();
  animations = [];
  boxes = [];
  container?.remove();
  container = null;
  playing = false;
}

const page: ContenderPage = {
  async populate(count: number, options: PopulateOptions): Promise<void> {
    if (options.moving || !options.tweens) throw new Error('waapi page: only the tween benchmark uses this page');
    clear();
    const layout = layoutFor(count);
    const target = document.createElement('div');
    const fragment = document.createDocumentFragment();
    for (let i = 0; i < count; i++) {
      const box = document.createElement('div');
      box.className = 'box';
      box.style.left = `${VIEW.width / 2 + layout.positions[i * 3]! * PIXELS_PER_UNIT}px`;
      box.style.top = `${VIEW.height / 2 - layout.positions[i * 3 + 1]! * PIXELS_PER_UNIT}px`;
      box.style.background = PALETTE[layout.colorIndex[i]!]!;
      fragment.append(box);
      boxes.push(box);
    }
    target.append(fragment);
    document.body.append(target);
    container = target;
    const rise = -TWEEN_RISE * PIXELS_PER_UNIT;
    for (const box of boxes) {
      animations.push(box.animate([{ transform: 'translateY(0px)' }, { transform: `translateY(${rise}px)` }], {
        duration: TWEEN_MS, iterations: Infinity, direction: 'alternate', easing: 'ease-in-out',
      }));
    }
    page.play!();
    await page.waitFrames!(2);
    page.pause!();
  },

  play(): void {
    for (const animation of animations) animation.play();
    if (playing) return;
    playing = true;
    requestAnimationFrame(onFrame);
  },

  pause(): void {
    playing = false;
    for (const animation of animations) animation.pause();
  },

  drawnFrames(): number {
    return frames;
  },

  async waitFrames(count: number): Promise<void> {
    await new Promise<void>((resolve) => {
      waitUntil = frames + count;
      waiter = resolve;
    });
  },

  tweenedY(index: number): number {
    const matrix = new DOMMatrixReadOnly(getComputedStyle(boxes[index]!).transform);
    return layoutFor(boxes.length).positions[index * 3 + 1]! - matrix.m42 / PIXELS_PER_UNIT;
  },

  describe(): { objects: number; drawn: number | null } {
    return { objects: animations.filter((animation) => animation.effect !== null).length, drawn: null };
  },

  clear,
};

window.benchContender = page;

// JavaScript allocation in steady frames: 10k moving boxes drawn continuously, 600 frames after warm-up.
// The runner samples every allocation of the page's isolate over those frames (CDP sampling heap profiler,
// counting objects already collected too) and traces the garbage collections. Subject: LayerW; peer for
// comparison: the three.js InstancedMesh page, which moves its boxes in JavaScript. The harness's own
// frame watching allocates nothing per frame, so the bytes are the library's (the sites say where).

import { need, openContender, type ContenderFrame } from './contender-frames.js';
import { log, type BenchRow, type Settings } from './harness.js';
import { heapStart, heapStop, hostAvailable, type HeapReport } from './host.js';

const COUNT = 10_000;
const SUBJECT = 'layerw';
const PEER = 'three.js InstancedMesh';
const WARMUP_FRAMES = 60;
/** Bytes between two samples of the profiler: small, so even a few bytes a frame show. */
const SAMPLING_INTERVAL = 256;
const SITES_LOGGED = 8;

interface HeapFigures {
  frames: number;
  bytesPerFrame: number;
  gcs: number;
  report: HeapReport;
}

interface ChromeMemory {
  usedJSHeapSize: number;
}

function usedHeap(): number {
  return (performance as Performance & { memory?: ChromeMemory }).memory?.usedJSHeapSize ?? Number.NaN;
}

async function measure(frame: ContenderFrame, name: string, frameCount: number): Promise<HeapFigures> {
  frame.front();
  await need(frame, 'populate')(COUNT, { moving: true, instanced: frame.id === 'three' });
  need(frame, 'play')();
  const drawnFrames = need(frame, 'drawnFrames');
  await need(frame, 'waitFrames')(WARMUP_FRAMES);
  await heapStart(SAMPLING_INTERVAL);
  const usedBefore = usedHeap();
  const first = drawnFrames();
  await need(frame, 'waitFrames')(frameCount);
  const report = await heapStop();
  const frames = drawnFrames() - first;
  const usedAfter = usedHeap();
  need(frame, 'pause')();
  const bytesPerFrame = report.sampledBytes / frames;
  const gcs = report.minorGCs + report.majorGCs;
  log(`heap: ${name}: ${frames} frames, ${report.sampledBytes} B sampled (${bytesPerFrame.toFixed(1)} B/frame), ${report.minorGCs} minor + ${report.majorGCs} major GCs, usedJSHeapSize ${usedBefore} -> ${usedAfter}`);
  for (const site of report.sites.slice(0, SITES_LOGGED)) log(`heap: ${name}:   ${site.bytes} B  ${site.site}`);
  return { frames, bytesPerFrame, gcs, report };
}

/** The heap case. Called once by the bench page; skipped (no rows) when the page is opened by hand. */
export async function runHeapBench(settings: Settings): Promise<BenchRow[]> {
  if (!hostAvailable()) {
    log('heap: skipped, it needs bench/run.mjs for the DevTools protocol');
    return [];
  }
  const frameCount = settings.scenes.runs >= 5 ? 600 : 120;
  const frames: ContenderFrame[] = [];
  try {
    const layerw = await openContender('layerw');
    frames.push(layerw);
    const subject = await measure(layerw, SUBJECT, frameCount);
    layerw.close();
    frames.length = 0;
    const three = await openContender('three');
    frames.push(three);
    const peer = await measure(three, PEER, frameCount);
    const caseName = `10k moving, ${frameCount} frames`;
    const row = (unit: string, subjectValue: number, peerValue: number): BenchRow => ({
      benchmark: 'heap', case: caseName, subject: SUBJECT, peer: PEER, subjectMs: subjectValue, peerMs: peerValue,
      ratio: subjectValue > 0 ? peerValue / subjectValue : null, target: null, targetMet: null, unit,
    });
    return [row('B/frame', subject.bytesPerFrame, peer.bytesPerFrame), row('GCs', subject.gcs, peer.gcs)];
  } finally {
    for (const frame of frames) frame.close();
  }
}

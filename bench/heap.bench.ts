// JavaScript allocation in steady frames: 10k moving boxes drawn continuously, 600 frames after 300 of warm-up.
// The runner samples every allocation of the page's isolate over those frames (CDP sampling heap profiler,
// counting objects already collected too) and traces the garbage collections. Subject: LayerW; peer for
// comparison: the three.js InstancedMesh page, which moves its boxes in JavaScript. The harness's own
// frame watching allocates nothing per frame, so the bytes are the library's (the sites say where). LayerW's
// bytes (allocated with its src/ or components/ as the nearest code) are split by object size, calibrated in
// the same window by the two functions below: its own objects, heap numbers (boxed doubles), and the WebGPU
// floor, the objects the API returns every frame (view, command encoder, pass, command buffer).

import { need, openContender, type ContenderFrame } from './contender-frames.js';
import { log, type BenchRow, type Settings } from './harness.js';
import { heapStart, heapStop, hostAvailable, type HeapReport } from './host.js';

const COUNT = 10_000;
const SUBJECT = 'layerw';
const PEER = 'three.js InstancedMesh';
/**
 * Frames drawn before the sampling starts. A function called once a frame is optimised late (after hundreds of
 * calls), and what the VM allocates while it optimises is charged to the code that runs then: with 60 frames of
 * warm-up a run saw a few such samples under LayerW's frame functions, none of them repeating frame after frame.
 */
const WARMUP_FRAMES = 300;
/** Bytes between two samples of the profiler: small, so even a few bytes a frame show. */
const SAMPLING_INTERVAL = 256;
const SITES_LOGGED = 8;

const CALIBRATION_CALLS = 300;
const numberSink: unknown[] = [{}, 'x'];

/** Makes heap numbers and nothing else, so the profile shows the sample size of one (run.mjs looks for it by name). */
function boxNumbers(): void {
  for (let i = 0; i < 20 * CALIBRATION_CALLS; i++) numberSink[i & 1] = Math.random() + 0.5;
}

/** Makes the objects of the WebGPU floor, so the profile shows their sample size (run.mjs looks for it by name). */
function webgpuFloorCalls(device: GPUDevice, texture: GPUTexture, pass: GPURenderPassDescriptor): void {
  const attachment = (pass.colorAttachments as GPURenderPassColorAttachment[])[0]!;
  for (let i = 0; i < CALIBRATION_CALLS; i++) {
    attachment.view = texture.createView();
    const encoder = device.createCommandEncoder();
    encoder.beginRenderPass(pass).end();
    numberSink[0] = encoder.finish();
  }
}

/** A device of the bench page's own for the floor calibration, and what it draws into. */
interface Calibration {
  device: GPUDevice;
  texture: GPUTexture;
  pass: GPURenderPassDescriptor;
}

async function calibration(): Promise<Calibration> {
  const adapter = await navigator.gpu.requestAdapter();
  if (!adapter) throw new Error('heap: no WebGPU adapter for the calibration');
  const device = await adapter.requestDevice();
  const texture = device.createTexture({ size: [4, 4], format: 'rgba8unorm', usage: GPUTextureUsage.RENDER_ATTACHMENT });
  const pass: GPURenderPassDescriptor = { colorAttachments: [{ view: texture.createView(), loadOp: 'clear', storeOp: 'store' }] };
  return { device, texture, pass };
}

interface HeapFigures {
  frames: number;
  bytesPerFrame: number;
  /** Allocated under LayerW's code: objects of its own made frame after frame, the others, heap numbers, and the WebGPU floor. */
  ownPerFrame: number;
  oneOffPerFrame: number;
  numbersPerFrame: number;
  webgpuPerFrame: number;
  gcs: number;
  report: HeapReport;
}

interface ChromeMemory {
  usedJSHeapSize: number;
}

function usedHeap(): number {
  return (performance as Performance & { memory?: ChromeMemory }).memory?.usedJSHeapSize ?? Number.NaN;
}

async function measure(frame: ContenderFrame, name: string, frameCount: number, calibrate: Calibration): Promise<HeapFigures> {
  frame.front();
  await need(frame, 'populate')(COUNT, { moving: true, instanced: frame.id === 'three' });
  need(frame, 'play')();
  const drawnFrames = need(frame, 'drawnFrames');
  await need(frame, 'waitFrames')(WARMUP_FRAMES);
  await heapStart(SAMPLING_INTERVAL);
  const usedBefore = usedHeap();
  const first = drawnFrames();
  await need(frame, 'waitFrames')(frameCount);
  const frames = drawnFrames() - first;
  need(frame, 'pause')();
  boxNumbers();
  webgpuFloorCalls(calibrate.device, calibrate.texture, calibrate.pass);
  const report = await heapStop(frames);
  const usedAfter = usedHeap();
  const gcs = report.minorGCs + report.majorGCs;
  const kinds = Object.entries(report.byKind).map(([kind, bytes]) => `${kind} ${(bytes / frames).toFixed(1)}`).join(', ');
  log(`heap: ${name}: ${frames} frames, ${report.sampledBytes} B sampled (B/frame: ${kinds}), ${report.minorGCs} minor + ${report.majorGCs} major GCs, usedJSHeapSize ${usedBefore} -> ${usedAfter}; sample sizes: heap number ${report.numberSize}, WebGPU floor object ${report.floorSize}`);
  // The largest sites, and every site of LayerW's own objects.
  report.sites.forEach((site, i) => {
    if (i < SITES_LOGGED || site.kind === 'layerw' || site.kind === 'layerwOneOff') log(`heap: ${name}:   ${site.bytes} B  [${site.kind}]  ${site.site}`);
  });
  const ownPerFrame = report.byKind.layerw / frames;
  const oneOffPerFrame = report.byKind.layerwOneOff / frames;
  const numbersPerFrame = report.byKind.layerwNumbers / frames;
  const webgpuPerFrame = report.byKind.webgpu / frames;
  const calibrationBytes = report.byKind.calibration;
  return { frames, bytesPerFrame: (report.sampledBytes - calibrationBytes) / frames, ownPerFrame, oneOffPerFrame, numbersPerFrame, webgpuPerFrame, gcs, report };
}

/** The heap case. Called once by the bench page; skipped (no rows) when the page is opened by hand. */
export async function runHeapBench(settings: Settings): Promise<BenchRow[]> {
  if (!hostAvailable()) {
    log('heap: skipped, it needs bench/run.mjs for the DevTools protocol');
    return [];
  }
  const frameCount = settings.scenes.runs >= 5 ? 600 : 120;
  const frames: ContenderFrame[] = [];
  const calibrate = await calibration();
  try {
    const layerw = await openContender('layerw');
    frames.push(layerw);
    const subject = await measure(layerw, SUBJECT, frameCount, calibrate);
    layerw.close();
    frames.length = 0;
    const three = await openContender('three');
    frames.push(three);
    const peer = await measure(three, PEER, frameCount, calibrate);
    const caseName = `10k moving, ${frameCount} frames`;
    const row = (unit: string, subjectValue: number, peerValue: number): BenchRow => ({
      benchmark: 'heap', case: caseName, subject: SUBJECT, peer: PEER, subjectMs: subjectValue, peerMs: peerValue,
      ratio: subjectValue > 0 ? peerValue / subjectValue : null, target: null, targetMet: null, unit,
    });
    // LayerW's own bytes beside the WebGPU floor of the same frames; the target is none of its own.
    const floor = 'WebGPU floor (view, encoder, pass, command buffer)';
    const split = (subjectName: string, value: number, target: number | null): BenchRow => ({
      benchmark: 'heap', case: `${caseName}: LayerW by object size`, subject: subjectName, peer: floor,
      subjectMs: value, peerMs: subject.webgpuPerFrame, ratio: null, target, targetMet: target === null ? null : value <= target, unit: 'B/frame',
    });
    return [
      row('B/frame', subject.bytesPerFrame, peer.bytesPerFrame),
      split('layerw own objects', subject.ownPerFrame, 0),
      split('layerw own objects, one-off', subject.oneOffPerFrame, null),
      split('layerw heap numbers', subject.numbersPerFrame, null),
      row('GCs', subject.gcs, peer.gcs),
    ];
  } finally {
    for (const frame of frames) frame.close();
  }
}

// What the runner (bench/run.mjs) does for the bench page outside it, through a function it exposes on the
// page: screenshots of a contender's frame, and heap measurements over the Chrome DevTools Protocol
// (sampling heap profiler and a trace of garbage collections). Absent when the page is opened by hand.

/**
 * Whose allocation a site is: LayerW's src/ or components/, split by object size into its own objects
 * (`layerw`), heap numbers (`layerwNumbers`) and the objects the WebGPU calls return every frame by the API's
 * design (`webgpu`: view, command encoder, pass, command buffer; calibrated in the same window); the bench
 * harness and contender pages (`bench`), a dependency such as three.js (`library`), or the browser's own work
 * (`other`); `calibration` is what the calibration itself made.
 */
export type AllocationKind = 'layerw' | 'layerwOneOff' | 'layerwNumbers' | 'webgpu' | 'bench' | 'library' | 'other' | 'calibration';

/** One place that allocated during a heap measurement, from the sampling heap profiler. */
export interface AllocationSite {
  /** `function (file:line)` of the allocating frame, with the nearest frame that has a source file. */
  site: string;
  bytes: number;
  kind: AllocationKind;
}

/** What the runner measured between `heapStart` and `heapStop`. */
export interface HeapReport {
  /** Bytes allocated on the JavaScript heap of the page's isolate (all its frames), as sampled. */
  sampledBytes: number;
  /** The same bytes by whose allocation they are. */
  byKind: Record<AllocationKind, number>;
  /** Sample sizes the calibration found for a heap number and for a WebGPU floor object. */
  numberSize: number;
  floorSize: number;
  /** Garbage collections seen in the trace. */
  minorGCs: number;
  majorGCs: number;
  /** The largest sites, largest first. */
  sites: AllocationSite[];
}

type HostCommand = 'screenshot' | 'heap-start' | 'heap-stop' | 'task-duration';

declare global {
  interface Window {
    /** Exposed by bench/run.mjs; arguments and results are JSON text. */
    layerwBenchHost?: (command: HostCommand, argument: string) => Promise<string>;
  }
}

/** True when the runner drives the page (screenshots and heap measurements are possible). */
export function hostAvailable(): boolean {
  return typeof window.layerwBenchHost === 'function';
}

async function call(command: HostCommand, argument: unknown = null): Promise<unknown> {
  const host = window.layerwBenchHost;
  if (!host) throw new Error(`bench: ${command} needs bench/run.mjs`);
  return JSON.parse(await host(command, JSON.stringify(argument))) as unknown;
}

/** Saves a screenshot of the contender frame `frameId` as /tmp/bench-shots/`name`.png; resolves with the path. */
export async function screenshot(frameId: string, name: string): Promise<string | null> {
  if (!hostAvailable()) return null;
  return (await call('screenshot', { frame: frameId, name })) as string;
}

/** Collects garbage, then starts the sampling heap profiler and a trace of garbage collections. */
export async function heapStart(samplingInterval: number): Promise<void> {
  await call('heap-start', { samplingInterval });
}

/**
 * Stops both and returns what they saw; `frames` is how many frames the measurement covered (see
 * allocationSites in run.mjs).
 */
export async function heapStop(frames: number): Promise<HeapReport> {
  return (await call('heap-stop', { frames })) as HeapReport;
}

/**
 * Seconds the renderer's main thread has spent running tasks since the page opened (DevTools' `TaskDuration`
 * metric): every frame of every contender iframe runs on that thread, so its growth over N frames of one
 * contender, with the others paused, is that contender's main-thread CPU per frame, whatever it spends it on
 * (script, style, layout, paint, GPU command encoding). Null when the runner is absent.
 */
export async function taskDuration(): Promise<number | null> {
  if (!hostAvailable()) return null;
  return (await call('task-duration')) as number;
}

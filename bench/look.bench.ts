// The look's costs: prefiltering an environment for image-based light, and a frame drawn with it.
// Prefilter: LayerW's EnvironmentMaker (specular cube by GGX importance sampling, nine SH coefficients) against
// three.js's PMREMGenerator on WebGL, each from submit to GPU completion, for the neutral studio (three.js:
// RoomEnvironment, what model-viewer and most product viewers show) and for a 2048×1024 HDR panorama made here.
// The first prefilter on a device also compiles its pipelines; that is timed apart. Frame: a grid of 49 spheres
// at 512×512 drawn continuously with environment="neutral" against environment="none", timed as the interval
// between the GPU's completions of successive frames; the ratio says what the environment light costs per frame.

import { EnvironmentMaker, type EnvironmentSource, type PrefilterQuality } from '../src/gpu/ibl/environment-maker.js';
import { loadEnvironmentSource } from '../src/assets/environment-image.js';
import { QUALITY_PRESETS } from '../src/engine/quality.js';
import { makeHdr, SKY_AND_SUN } from '../test/helpers/hdr-file.js';
import type { LayerWScene } from '../components/layerw-scene.js';
import { compareRuns, log, type BenchRow, type Settings } from './harness.js';
import { gpuFrameInterval, mountBenchScene } from './gpu-frames.js';

const QUALITY: PrefilterQuality = { size: QUALITY_PRESETS.high.environmentSize, samples: QUALITY_PRESETS.high.environmentSamples };
const HDR_WIDTH = 2048;
const HDR_HEIGHT = 1024;
const FRAME_SIZE = 512;
const GRID = 7;
const FRAMES_PER_RUN = 12;

/** Milliseconds from LayerW's prefilter submit to GPU completion; the made environment is destroyed. */
async function layerwPrefilter(device: GPUDevice, source: EnvironmentSource): Promise<number> {
  const started = performance.now();
  const made = EnvironmentMaker.for(device).make(source, QUALITY, 'bench.environment');
  await device.queue.onSubmittedWorkDone();
  const ms = performance.now() - started;
  made.destroy();
  return ms;
}

interface ThreePrefilter {
  neutral(): number;
  hdr(): number;
  dispose(): void;
}

/** three.js's PMREMGenerator on a WebGL canvas; each call waits for the GPU with a one-pixel readback. */
async function threePrefilter(hdrUrl: string): Promise<ThreePrefilter> {
  const THREE = await import('three');
  const { RoomEnvironment } = await import('three/examples/jsm/environments/RoomEnvironment.js');
  const { HDRLoader } = await import('three/examples/jsm/loaders/HDRLoader.js');
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = 64;
  const renderer = new THREE.WebGLRenderer({ canvas });
  const gl = renderer.getContext();
  const pixel = new Uint8Array(4);
  const finish = (): void => gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, pixel);
  const room = new RoomEnvironment();
  const panorama = await new HDRLoader().loadAsync(hdrUrl);
  panorama.mapping = THREE.EquirectangularReflectionMapping;
  const pmrem = new THREE.PMREMGenerator(renderer);
  const timed = (make: () => { dispose(): void }): number => {
    finish();
    const started = performance.now();
    const target = make();
    finish();
    const ms = performance.now() - started;
    target.dispose();
    return ms;
  };
  return {
    neutral: () => timed(() => pmrem.fromScene(room, 0.04)),
    hdr: () => timed(() => pmrem.fromEquirectangular(panorama)),
    dispose: () => {
      pmrem.dispose();
      panorama.dispose();
      renderer.dispose();
    },
  };
}

async function prefilterRows(settings: Settings): Promise<BenchRow[]> {
  const adapter = await navigator.gpu.requestAdapter();
  if (!adapter) throw new Error('look: no WebGPU adapter');
  const device = await adapter.requestDevice();
  const hdrBytes = makeHdr(HDR_WIDTH, HDR_HEIGHT, SKY_AND_SUN);
  const hdrUrl = URL.createObjectURL(new Blob([hdrBytes]));
  const three = await threePrefilter(hdrUrl);
  try {
    const decodeStarted = performance.now();
    const hdr = await loadEnvironmentSource(hdrUrl);
    log(`look: the ${HDR_WIDTH}×${HDR_HEIGHT} HDR read and downsampled in ${(performance.now() - decodeStarted).toFixed(1)} ms`);
    const room: EnvironmentSource = { kind: 'room' };
    const firstStarted = performance.now();
    EnvironmentMaker.for(device);
    const pipelinesMs = performance.now() - firstStarted;
    const firstMs = await layerwPrefilter(device, room);
    log(`look: first prefilter on a device: pipelines ${pipelinesMs.toFixed(1)} ms, then ${firstMs.toFixed(1)} ms`);
    // three.js takes tens of seconds per prefilter in SwiftShader's WebGL: three rounds after one warm-up.
    const runs = { warmups: 1, runs: Math.min(3, settings.scenes.runs) };
    const label = `${QUALITY.size}² cube, ${QUALITY.samples} samples`;
    return [
      ...(await compareRuns('look', `prefilter the neutral studio (${label})`, [
        { name: 'layerw neutral studio', run: async () => ({ 'layerw neutral studio': await layerwPrefilter(device, room) }) },
        { name: 'three.js PMREM RoomEnvironment', run: () => Promise.resolve({ 'three.js PMREM RoomEnvironment': three.neutral() }) },
      ], [{ subject: 'layerw neutral studio', peer: 'three.js PMREM RoomEnvironment' }], runs)),
      ...(await compareRuns('look', `prefilter a ${HDR_WIDTH}×${HDR_HEIGHT} HDR (${label})`, [
        { name: 'layerw HDR', run: async () => ({ 'layerw HDR': await layerwPrefilter(device, hdr) }) },
        { name: 'three.js PMREM equirectangular', run: () => Promise.resolve({ 'three.js PMREM equirectangular': three.hdr() }) },
      ], [{ subject: 'layerw HDR', peer: 'three.js PMREM equirectangular' }], runs)),
    ];
  } finally {
    three.dispose();
    URL.revokeObjectURL(hdrUrl);
    device.destroy();
  }
}

/** A 512×512 scene of GRID² spheres from rough to smooth and dielectric to metal, under a directional light. */
function sphereScene(): Promise<LayerWScene> {
  const spheres: string[] = [];
  for (let row = 0; row < GRID; row++) {
    for (let column = 0; column < GRID; column++) {
      const x = (column - (GRID - 1) / 2) * 1.1;
      const y = (row - (GRID - 1) / 2) * 1.1;
      spheres.push(`<layerw-mesh geometry="sphere" position="${x} ${y} 0" color="#c08050" metalness="${row / (GRID - 1)}" roughness="${0.05 + (0.95 * column) / (GRID - 1)}"></layerw-mesh>`);
    }
  }
  return mountBenchScene(FRAME_SIZE, 'camera-position="0 0 11" camera-target="0 0 0"',
    `<layerw-light type="directional" direction="-1 -1 -1" intensity="2"></layerw-light>${spheres.join('')}`);
}

/** The GPU's frame interval (see gpuFrameInterval) with the scene's `environment` set to `environment`, once ready. */
async function frameCost(scene: LayerWScene, environment: string, count: number): Promise<number> {
  if (scene.getAttribute('environment') !== environment) {
    scene.setAttribute('environment', environment);
    await scene.runtime!.look.whenSettled();
    for (let i = 0; i < 5; i++) await new Promise((resolve) => requestAnimationFrame(resolve));
  }
  return gpuFrameInterval(scene, count);
}

async function frameRows(settings: Settings): Promise<BenchRow[]> {
  const scene = await sphereScene();
  try {
    return await compareRuns('look', `frame, ${GRID * GRID} spheres at ${FRAME_SIZE}×${FRAME_SIZE}, MSAA 4`, [
      { name: 'environment neutral', run: async () => ({ 'environment neutral': await frameCost(scene, 'neutral', FRAMES_PER_RUN) }) },
      { name: 'environment none', run: async () => ({ 'environment none': await frameCost(scene, 'none', FRAMES_PER_RUN) }) },
    ], [{ subject: 'environment neutral', peer: 'environment none' }], { warmups: 1, runs: settings.scenes.runs });
  } finally {
    scene.parentElement!.remove();
  }
}

/** The look rows. Called once by the bench page. */
export async function runLookBench(settings: Settings): Promise<BenchRow[]> {
  return [...(await prefilterRows(settings)), ...(await frameRows(settings))];
}

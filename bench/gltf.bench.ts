// Loading a glTF model to the first frame that shows it. The model (bench/gltf-model.ts: 100k triangles,
// positions, normals, uvs, indices, one 256x256 PNG base colour texture) is written once per run on this page,
// plain and with EXT_meshopt_compression; both contender pages get the same bytes and load them through their
// normal URL path from a fresh blob: URL per run; so is a copy with KHR_draco_mesh_compression (an informative
// row: LayerW decodes it in its Draco worker, three.js with DRACOLoader's workers). Subject: a fresh
// `<layerw-mesh src>` in a `<layerw-scene>` that is already on screen, to its `load` event and the GPU's end of that frame. Peer: three.js 0.187's
// GLTFLoader (`loadAsync`, with three's MeshoptDecoder for the meshopt file and one KTX2Loader with three's
// Basis transcoder for the KTX2 file), the scene added to a THREE.Scene, one `renderer.render` and a one-pixel
// read (the GPU's end of that frame). Informative rows split that time: to the frame's submission (LayerW's
// `load` event, the return of `renderer.render`), and one more frame of the loaded model to the GPU's end (what
// drawing costs, with nothing to load). Also rows of file sizes: the bench model and the demo's knot, plain
// against meshopt. Another file, the plain model with DamagedHelmet's texture set (five 2048² textures), gives a
// textured load row (LayerW's first frame shows the mip levels its streaming starts with; three.js uploads every
// texture at full size) and a memory row: LayerW's WebAssembly reservation plus its GPU bytes at their peak while
// the textures stream, against the bytes of three.js's buffers and textures for the model. A last one, the plain
// model with its base colour as KTX2 (ETC1S, with mips), gives a KTX2 row: each side transcodes it off the main
// thread to a compressed format its device samples.
// Both draw at the same settings: the page's 0.75 pixel ratio (LayerW quality="medium"), no MSAA, no shadows,
// the same canvas size and camera (bench/scene-layout.ts), the same ambient and directional light, and the same
// look: LayerW's default neutral studio environment and Khronos PBR Neutral tone mapping, three.js's
// RoomEnvironment through PMREMGenerator (prefiltered once before the first load, as LayerW's is) and
// NeutralToneMapping, the pair the look benchmark and the look reference test compare.
// Two more contenders give the target files' rows their measure on this machine (informative rows): three.js's
// own WebGPURenderer (bench/pages/three-webgpu-page.ts, the same loader, materials and look on LayerW's API), and
// for the plain file the WebGPU floor (bench/pages/model-floor-page.ts: the file's positions, normals and indices
// written to buffers and drawn once with one light, the least any WebGPU renderer does to show the model).

import { need, openContender, type ContenderFrame } from './contender-frames.js';
import { MODEL_TRIANGLES, makeBenchModel } from './gltf-model.js';
import { compareRuns, log, type BenchRow, type Pairing, type RunContender, type Settings } from './harness.js';
import { screenshot } from './host.js';

const SUBJECT = 'layerw <layerw-mesh src>';
const THREE = 'three.js GLTFLoader';
const THREE_WEBGPU = 'three.js GLTFLoader, WebGPURenderer';
const FLOOR = 'WebGPU floor (positions, normals, one light)';
/** The informative figures of each contender, named after it. */
const SUBMITTED = ' (frame submitted)';
const REDRAW = ' (redraw only)';
const SETTLED = ' (redraw once settled)';
const FILES = ['plain', 'meshopt', 'draco', 'textured', 'ktx2'] as const;
type FileName = (typeof FILES)[number];

/**
 * One contender loading file `file`: checks what it drew, keeps a picture of its first timed run, and the
 * largest memory figure of its runs in `peakBytes[name]`.
 */
function loader(frame: ContenderFrame, name: string, file: FileName, warmups: number, peakBytes: Record<string, number>): RunContender {
  const loadModel = need(frame, 'loadModel');
  let runs = 0;
  return {
    name,
    run: async () => {
      frame.front();
      const result = await loadModel(file);
      const shown = frame.page.describe();
      if (result.triangles !== null && result.triangles !== MODEL_TRIANGLES) {
        throw new Error(`gltf: ${name} holds ${result.triangles} triangles of the ${file} file, not ${MODEL_TRIANGLES}`);
      }
      if (shown.drawn !== null && shown.drawn < 1) throw new Error(`gltf: ${name} drew nothing of the ${file} file`);
      if (runs++ === warmups) {
        const path = await screenshot(frame.id, `gltf-${file}-${frame.id}`);
        log(`gltf: ${name}, ${file} file: ${result.triangles ?? '?'} triangles, ${shown.drawn ?? '?'} drawn (visible or draw calls)${path ? `; screenshot ${path}` : ''}`);
      }
      await frame.page.idle?.();
      peakBytes[name] = Math.max(peakBytes[name] ?? 0, result.bytes);
      return { [name]: result.ms, [name + SUBMITTED]: result.submittedMs, [name + REDRAW]: result.redrawMs, [name + SETTLED]: result.settledRedrawMs };
    },
  };
}

/** A row comparing two file sizes: subject the meshopt file, peer the plain one, ratio plain / meshopt. */
function sizeRow(caseName: string, meshopt: number, plain: number): BenchRow {
  return {
    benchmark: 'gltf', case: caseName, subject: 'EXT_meshopt_compression GLB', peer: 'plain GLB',
    subjectMs: meshopt, peerMs: plain, ratio: plain / meshopt, target: null, targetMet: null, unit: 'bytes',
  };
}

async function fileSize(relative: string): Promise<number> {
  const response = await fetch(new URL(relative, import.meta.url));
  if (!response.ok) throw new Error(`gltf: ${relative}: HTTP ${response.status}`);
  return (await response.arrayBuffer()).byteLength;
}

/** The gltf benchmark. Called once by the bench page. */
export async function runGltfBench(settings: Settings): Promise<BenchRow[]> {
  const made = performance.now();
  const model = await makeBenchModel();
  log(`gltf: model of ${MODEL_TRIANGLES} triangles written in ${(performance.now() - made).toFixed(0)} ms: plain ${model.plain.byteLength} B, meshopt ${model.meshopt.byteLength} B`);
  // At least 5 timed runs of each contender after a warm-up (the quick run: 4 after 1).
  const rounds = { warmups: settings.scenes.warmups + 1, runs: settings.scenes.runs + 2 };
  const rows: BenchRow[] = [];
  const frames: ContenderFrame[] = [];
  try {
    frames.push(await openContender('layerw'), await openContender('three'), await openContender('three-webgpu'), await openContender('model-floor'));
    const [layerw, three, threeWebgpu, floor] = frames as [ContenderFrame, ContenderFrame, ContenderFrame, ContenderFrame];
    for (const file of FILES) {
      for (const frame of [layerw, three]) need(frame, 'setModel')(file, model[file]);
    }
    // The same-API peer takes the two target files; the floor reads the plain file only.
    need(threeWebgpu, 'setModel')('plain', model.plain);
    need(threeWebgpu, 'setModel')('meshopt', model.meshopt);
    need(floor, 'setModel')('plain', model.plain);
    for (const file of FILES) {
      const peakBytes: Record<string, number> = {};
      const contenders = [loader(layerw, SUBJECT, file, rounds.warmups, peakBytes), loader(three, THREE, file, rounds.warmups, peakBytes)];
      const targetFile = file === 'plain' || file === 'meshopt';
      if (targetFile) contenders.push(loader(threeWebgpu, THREE_WEBGPU, file, rounds.warmups, peakBytes));
      if (file === 'plain') contenders.push(loader(floor, FLOOR, file, rounds.warmups, peakBytes));
      const textured = file === 'textured';
      const caseName = textured ? '100k triangles, five 2048² textures (DamagedHelmet-class), load to first frame'
        : file === 'ktx2' ? '100k triangles, 256² KTX2 (ETC1S) base colour, load to first frame' : `100k triangles, ${file} GLB, load to first frame`;
      const pairings: Pairing[] = [
        // The issue's target is for the plain and meshopt files; the Draco, textured and KTX2 rows are informative.
        { subject: SUBJECT, peer: THREE, target: file === 'plain' || file === 'meshopt' ? 1.5 : undefined },
        { subject: SUBJECT + SUBMITTED, peer: THREE + SUBMITTED, case: `${caseName} submitted (LayerW load event, three.js render() return)` },
        { subject: SUBJECT + REDRAW, peer: THREE + REDRAW, case: `100k triangles, ${file} GLB, one more frame of the loaded model` },
        { subject: SUBJECT + SETTLED, peer: THREE + SETTLED, case: `100k triangles, ${file} GLB, one more frame once its textures have streamed` },
      ];
      if (targetFile) {
        pairings.push(
          { subject: SUBJECT, peer: THREE_WEBGPU, case: `${caseName}, against three.js on WebGPU` },
          { subject: SUBJECT + REDRAW, peer: THREE_WEBGPU + REDRAW, case: `100k triangles, ${file} GLB, one more frame, against three.js on WebGPU` },
        );
      }
      if (file === 'plain') {
        pairings.push(
          // What the target would ask of the least a WebGPU renderer can do: the floor against three.js.
          { subject: FLOOR, peer: THREE, case: `${caseName}: the WebGPU floor against three.js (WebGL)` },
          { subject: SUBJECT, peer: FLOOR, case: `${caseName}, against the WebGPU floor` },
          { subject: FLOOR + REDRAW, peer: THREE + REDRAW, case: '100k triangles, plain GLB, one more frame: the WebGPU floor against three.js (WebGL)' },
        );
      }
      rows.push(...(await compareRuns('gltf', caseName, contenders, pairings, rounds, 250)));
      if (textured) {
        const subject = peakBytes[SUBJECT]!;
        const peer = peakBytes[THREE]!;
        rows.push({
          benchmark: 'gltf', case: 'five 2048² textures (DamagedHelmet-class), peak memory of the model', unit: 'bytes',
          subject: 'layerw WebAssembly memory + GPU bytes', peer: 'three.js model buffers + textures',
          subjectMs: subject, peerMs: peer, ratio: peer / subject, target: 1, targetMet: peer / subject >= 1,
        });
        log(`gltf: peak bytes of the textured model: LayerW ${subject} (memory + GPU), three.js ${peer} (buffers + textures)`);
      }
    }
  } finally {
    for (const frame of frames) frame.close();
  }
  rows.push(sizeRow('100k-triangle bench model, file size', model.meshopt.byteLength, model.plain.byteLength));
  rows.push(sizeRow('demo knot.glb, file size', await fileSize('../demo/models/knot-meshopt.glb'), await fileSize('../demo/models/knot.glb')));
  return rows;
}

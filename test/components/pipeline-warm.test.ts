import { assert, assertEqual } from '../assert.js';
import { capture, loaded, mountScene, pixelAt, unmountAll } from '../helpers/scene.js';
import { checkerPng, makeModel, serve } from '../helpers/models.js';
import { ModelStore } from '../../src/engine/model-store.js';
import type { LayerWScene } from '../../components/layerw-scene.js';

/** The colour pass's pipelines made from now on, by label, as made at once or compiled off the frame. */
interface PipelineWatch {
  made: string[];
  compiled: string[];
  stop(): void;
}

/** Watches the colour pass's pipeline creation; `failCompiles` makes every asynchronous creation reject. */
function watchPipelines(failCompiles = false): PipelineWatch {
  const proto = GPUDevice.prototype;
  const make = proto.createRenderPipeline;
  const compile = proto.createRenderPipelineAsync;
  const watch: PipelineWatch = {
    made: [],
    compiled: [],
    stop: () => {
      proto.createRenderPipeline = make;
      proto.createRenderPipelineAsync = compile;
    },
  };
  proto.createRenderPipeline = function (this: GPUDevice, descriptor: GPURenderPipelineDescriptor) {
    if (descriptor.label?.includes('MeshPass')) watch.made.push(descriptor.label);
    return make.call(this, descriptor);
  };
  proto.createRenderPipelineAsync = function (this: GPUDevice, descriptor: GPURenderPipelineDescriptor) {
    if (!descriptor.label?.includes('MeshPass')) return compile.call(this, descriptor);
    watch.compiled.push(descriptor.label);
    return failCompiles ? Promise.reject(new Error('compile refused by the test')) : compile.call(this, descriptor);
  };
  return watch;
}

/** A lit scene that has drawn its first frame with nothing in it. */
function emptyScene(): Promise<LayerWScene> {
  return mountScene(`<layerw-scene background="#202830" camera-position="1.6 1.4 2.2" camera-target="0 0 0" environment="none">
    <layerw-light type="ambient" intensity="0.4"></layerw-light>
    <layerw-light type="directional" direction="-0.5 -1 -0.8" intensity="2.5"></layerw-light></layerw-scene>`, 96, 72);
}

/** A textured model with vertex colours: a shader variant no earlier frame of the scene has used. */
async function texturedModel(): Promise<string> {
  return serve(await makeModel({ baseColorPng: await checkerPng(64, '#ffd000', '#2040ff'), vertexColors: () => [1, 0.8, 0.8] }));
}

async function show(scene: LayerWScene, url: string): Promise<void> {
  const mesh = document.createElement('layerw-mesh');
  const done = loaded(mesh);
  mesh.setAttribute('src', url);
  scene.append(mesh);
  await done;
}

/** Whether the middle of the scene's picture is the model rather than the background. */
function modelShown(scene: LayerWScene): boolean {
  const [r, g, b] = pixelAt(capture(scene), 0.5, 0.5);
  return Math.abs(r - 0x20) + Math.abs(g - 0x28) + Math.abs(b - 0x30) > 40;
}

describe('pipelines compiled while a model loads', () => {
  let watch: PipelineWatch | null = null;
  afterEach(() => {
    watch?.stop();
    watch = null;
    unmountAll();
    ModelStore.resetForTests();
  });

  it('compiles the first model\'s pipelines off the frame, from its file, and draws it with them', async () => {
    const url = await texturedModel();
    const scene = await emptyScene();
    watch = watchPipelines();
    await show(scene, url);
    assertEqual(watch.compiled.length, 1, `one pipeline compiled for the model's one primitive: ${watch.compiled.join(', ')}`);
    assertEqual(watch.made.length, 0, `no pipeline made inside a frame: ${watch.made.join(', ')}`);
    assert(modelShown(scene), 'the model is drawn');
    assertEqual(watch.made.length, 0, `later frames draw with the compiled pipeline: ${watch.made.join(', ')}`);
  });

  it('starts compiling once the file\'s materials are read, before the model is parsed to the end', async () => {
    const url = await texturedModel();
    const scene = await emptyScene();
    // A hold of the test's own on the same file, taken first: the page parses the file once for both, and this
    // hold hears the end of the parse before the scene does.
    const hold = ModelStore.get().acquire(url, null, { progress: () => undefined });
    let parsed = false;
    void hold.promise.then(() => (parsed = true));
    watch = watchPipelines();
    let compiledWhileParsing = false;
    const compile = GPUDevice.prototype.createRenderPipelineAsync;
    GPUDevice.prototype.createRenderPipelineAsync = function (this: GPUDevice, descriptor: GPURenderPipelineDescriptor) {
      if (descriptor.label?.includes('MeshPass') && !parsed) compiledWhileParsing = true;
      return compile.call(this, descriptor);
    };
    try {
      await show(scene, url);
    } finally {
      GPUDevice.prototype.createRenderPipelineAsync = compile;
      hold.release();
    }
    assert(compiledWhileParsing, 'the pipeline compile started before the parse ended');
    assertEqual(watch.compiled.length, 1, `compiled once, though asked for twice: ${watch.compiled.join(', ')}`);
    assertEqual(watch.made.length, 0, `no pipeline made inside a frame: ${watch.made.join(', ')}`);
    assert(modelShown(scene), 'the model is drawn');
  });

  it('draws the model all the same when compiling fails, with a pipeline made in its frame', async () => {
    const url = await texturedModel();
    const scene = await emptyScene();
    watch = watchPipelines(true);
    await show(scene, url);
    // Tried when the file's materials are read, and again when the model is staged (a refused compile is forgotten).
    assert(watch.compiled.length >= 1, 'the compile was tried');
    assertEqual(watch.made.length, 1, `the frame made the pipeline: ${watch.made.join(', ')}`);
    assert(modelShown(scene), 'the model is drawn');
  });
});

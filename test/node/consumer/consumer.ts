// Uses the package's types as a plain TypeScript project would. Each @ts-expect-error fails the check when the
// types it relies on are missing (everything would be `any`) or wrong.
import { defineElements, LayerWError, Walloc, type LayerWErrorDetail, type SceneStats } from 'layerw';

defineElements();
const scene = document.createElement('layerw-scene');
scene.fov = 40;
scene.memoryBudget = '256MB';
const fov: number = scene.fov;
// @ts-expect-error fov reads back as a number
const wrong: string = scene.fov;

const mesh = document.querySelector('layerw-mesh');
if (mesh) mesh.castShadow = false;

scene.addEventListener('layerw-error', (event) => {
  const detail: LayerWErrorDetail = (event as CustomEvent<LayerWErrorDetail>).detail;
  console.warn(detail.code, detail.message);
});
// @ts-expect-error not an error code
const bad = new LayerWError('NOT_A_CODE', 'no');

const stats: Readonly<SceneStats> = scene.stats;
export const figures = [fov, wrong, bad, stats.drawCalls, Walloc.create];

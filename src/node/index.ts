// `layerw/node`: LayerW's scenes rendered in Node (thumbnails, posters, snapshots in CI without a browser).
export { renderToPNG, renderFileToPNG, type RenderOptions } from './render.js';
export { encodePng, decodePng, type RgbaImage } from './png.js';

// Uses `layerw/node` as a build script would. Each @ts-expect-error fails the check when the types it relies on
// are missing or wrong.
import { renderToPNG, renderFileToPNG, decodePng, type RenderOptions } from 'layerw/node';

const options: RenderOptions = { width: 400, height: 300, wait: 500, baseUrl: new URL('https://example.com/page/') };
const png: Promise<Uint8Array> = renderToPNG('<layerw-scene></layerw-scene>', options);
void renderFileToPNG('page.html').then((bytes) => decodePng(bytes).width);
// @ts-expect-error width is a number
const wrong: RenderOptions = { width: '400' };
export { png, wrong };

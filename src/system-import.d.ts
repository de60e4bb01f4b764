// The type of a `?system` import (`layerw/vite`). A project using the plugin adds
// `/// <reference types="layerw/client" />` (or "layerw/client" in tsconfig's `types`).

/** `import boids from './boids.system.ts?system'`: the kernel of that system file, for `scene.addSystem`. */
declare module '*?system' {
  const kernel: import('./systems/scene-systems.js').SystemKernel;
  export default kernel;
}

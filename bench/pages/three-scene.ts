// What the three.js contender pages (WebGL and WebGPU) share about a scene: its background and lights, as every
// contender draws them, and freeing a loaded model's GPU objects.

import { AmbientLight, Color, DirectionalLight, Mesh, Scene, Texture, type Material } from 'three';
import { LIGHT_DIRECTION } from '../scene-layout.js';

/** The background and lights of every scene: an ambient light and a directional light without shadows. */
export function lit(scene: Scene): Scene {
  scene.background = new Color('#101418');
  const sun = new DirectionalLight('#ffffff', 2);
  sun.position.set(-LIGHT_DIRECTION[0], -LIGHT_DIRECTION[1], -LIGHT_DIRECTION[2]);
  scene.add(new AmbientLight('#ffffff', 0.4), sun);
  return scene;
}

/** Frees the GPU objects of a loaded model: geometries, materials and their textures. */
export function disposeModel(scene: Scene | null): void {
  scene?.traverse((object) => {
    if (!(object instanceof Mesh)) return;
    object.geometry.dispose();
    const materials = Array.isArray(object.material) ? object.material : [object.material];
    for (const material of materials) {
      for (const texture of texturesOf(material)) texture.dispose();
      material.dispose();
    }
  });
}

/** Every texture a material holds (map, normalMap, emissiveMap, …). */
export function texturesOf(material: Material): Texture[] {
  return Object.values(material).filter((value): value is Texture => value instanceof Texture);
}

// Vertex movement of animated models (skins, morph targets, animated nodes), shared by the colour pass
// (skin-mesh.wgsl, after mesh.wgsl) and the shadow pass (skin-shadow.wgsl, after shadow.wgsl); see
// src/gpu/animated-pipelines.ts.
// Every instance has a palette in `palettes`, starting at the matrix its instance names in emissive.w:
// `paletteSize` matrices (mesh nodes and joints, model space), then its morph weights, 16 to a matrix.

/** One primitive of an animated model (src/gpu/rig-resources.ts). */
struct RigParams {
  // Palette entry of the primitive's node (rigid) or of its skin's first joint; morph target count; vertex
  // count; first morph weight of its node.
  head: vec4u,
  // Palette matrices per instance before the weights; 1 when NORMAL deltas follow the POSITION deltas; 0; 0.
  sizes: vec4u,
}

@group(2) @binding(0) var<storage, read> palettes: array<mat4x4f>;
@group(2) @binding(1) var<uniform> rig: RigParams;
// POSITION deltas (target-major, 3 floats per vertex), then NORMAL deltas in the same order when sizes.y is 1.
@group(2) @binding(2) var<storage, read> morphDeltas: array<f32>;

/** Morph weight `index` of the instance whose palette starts at `base`. */
fn morphWeight(base: u32, index: u32) -> f32 {
  let m = palettes[base + rig.sizes.x + index / 16u];
  return m[(index % 16u) / 4u][index % 4u];
}

fn delta(at: u32) -> vec3f {
  return vec3f(morphDeltas[at], morphDeltas[at + 1u], morphDeltas[at + 2u]);
}

/** A vertex in model space before skinning (morph targets applied), and the matrix that carries it. */
struct Moved {
  position: vec3f,
  normal: vec3f,
  skin: mat4x4f,
}

/** `slot` is the drawn instance's slot (`visible[instance_index]`). */
fn moveVertex(position: vec3f, normal: vec3f, joints: vec4u, weights: vec4f, vertex: u32, slot: u32) -> Moved {
  let base = u32(instanceAt(slot).emissive.w);
  var moved: Moved;
  moved.position = position;
  moved.normal = normal;
  let targets = rig.head.y;
  let count = rig.head.z;
  for (var t = 0u; t < targets; t++) {
    let w = morphWeight(base, rig.head.w + t);
    if (w != 0.0) {
      let at = (t * count + vertex) * 3u;
      moved.position += w * delta(at);
      if (rig.sizes.y != 0u) {
        moved.normal += w * delta(targets * count * 3u + at);
      }
    }
  }
  let first = base + rig.head.x;
  moved.skin = palettes[first + joints.x] * weights.x + palettes[first + joints.y] * weights.y
    + palettes[first + joints.z] * weights.z + palettes[first + joints.w] * weights.w;
  return moved;
}

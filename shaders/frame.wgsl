// Declarations shared by mesh.wgsl and shadow.wgsl; prepended to both (see src/gpu/shader-source.ts, which
// also prepends the constants MAX_LIGHTS and LIGHT_* generated from src/gpu/frame-input.ts).

/**
 * One slot's packed instance record, INSTANCE_BYTES (80), resident on the GPU at its slot: written by packOne
 * (assembly/pack.ts; assembly/layout.ts describes the fields). Read it through `instanceAt` or `instanceWorld`.
 */
struct Instance {
  rows: array<vec4f, 3>,  // world matrix rows 0..2 (the affine bottom row 0 0 0 1 is implied)
  color: vec4f,           // linear rgb, a = opacity
  packed: vec4u,          // f16 emissive r, g | f16 emissive b, shadow bits | unorm16 metalness, roughness | palette base
}

/** An instance's values as the shaders use them. */
struct InstanceValues {
  world: mat4x4f,
  color: vec4f,     // linear rgb, a = opacity
  material: vec4f,  // metalness, roughness, receiveShadow 0|1, castShadow 0|1
  emissive: vec4f,  // linear rgb, palette base of an animated model
}

/** One light, LIGHT_FLOATS (16) f32, in the layout of FrameInput.lights. */
struct Light {
  head: vec4f,       // type, intensity, range, castShadow
  color: vec4f,      // linear rgb, cos(outer cone half-angle)
  position: vec4f,   // xyz, cos(inner cone half-angle)
  direction: vec4f,  // xyz (unit, where the light shines), 0
}

/** Per-frame uniforms, written by SceneRenderer (header) and from FrameInput.lights (lights). */
struct Frame {
  viewProj: mat4x4f,
  lightViewProj: mat4x4f,
  cameraPosition: vec4f,
  params: vec4f,  // lights shaded, shadow light index (-1: none), lights with a direction (first in `lights`), 0
  shadow: vec4f,  // shadow map texel (uv), texel (world units), light depth per world unit, 0
  lights: array<Light, MAX_LIGHTS>,
}

@group(0) @binding(0) var<uniform> frame: Frame;
@group(0) @binding(1) var<storage, read> instances: array<Instance>;
/** The slots drawn this frame, in batch order: draw instance i is slot visible[i]; `instances` is by slot. */
@group(0) @binding(4) var<storage, read> visible: array<u32>;

/** The world matrix of `slot`'s instance. */
fn instanceWorld(slot: u32) -> mat4x4f {
  let r = instances[slot].rows;
  return transpose(mat4x4f(r[0], r[1], r[2], vec4f(0.0, 0.0, 0.0, 1.0)));
}

/** Every value of `slot`'s instance, unpacked. */
fn instanceAt(slot: u32) -> InstanceValues {
  let p = instances[slot].packed;
  let b = unpack2x16float(p.y);
  let shadows = p.y >> 16u;
  return InstanceValues(instanceWorld(slot), instances[slot].color,
    vec4f(unpack2x16unorm(p.z), f32(shadows & 1u), f32(shadows >> 1u)), vec4f(unpack2x16float(p.x), b.x, bitcast<f32>(p.w)));
}

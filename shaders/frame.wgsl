// Declarations shared by mesh.wgsl and shadow.wgsl; prepended to both (see src/gpu/shader-source.ts, which
// also prepends the constants MAX_LIGHTS and LIGHT_* generated from src/gpu/frame-input.ts).

/**
 * One slot's packed instance record, INSTANCE_BYTES (80), resident on the GPU at its slot: written by packOne
 * (assembly/pack.ts, which describes the fields). Read it through `instanceAt` or `instanceWorld`.
 */
struct Instance {
  rows: array<vec4f, 3>,  // world matrix rows 0..2 (the affine bottom row 0 0 0 1 is implied)
  color: vec4f,           // linear rgb, a = opacity
  packed: vec4u,          // f16 emissive r, g | f16 emissive b, metalness | f16 roughness, shadow bits | palette base (f32 bits)
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
  return mat4x4f(vec4f(r[0].x, r[1].x, r[2].x, 0.0), vec4f(r[0].y, r[1].y, r[2].y, 0.0),
                 vec4f(r[0].z, r[1].z, r[2].z, 0.0), vec4f(r[0].w, r[1].w, r[2].w, 1.0));
}

/** Every value of `slot`'s instance, unpacked. */
fn instanceAt(slot: u32) -> InstanceValues {
  let p = instances[slot].packed;
  let emissiveRG = unpack2x16float(p.x);
  let emissiveBMetal = unpack2x16float(p.y);
  let shadows = p.z >> 16u;
  var v: InstanceValues;
  v.world = instanceWorld(slot);
  v.color = instances[slot].color;
  v.material = vec4f(emissiveBMetal.y, unpack2x16float(p.z).x, f32(shadows & 1u), f32((shadows >> 1u) & 1u));
  v.emissive = vec4f(emissiveRG, emissiveBMetal.x, bitcast<f32>(p.w));
  return v;
}

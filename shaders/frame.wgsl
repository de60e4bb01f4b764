// Declarations shared by mesh.wgsl and shadow.wgsl; prepended to both (see src/gpu/shader-source.ts, which
// also prepends the constants MAX_LIGHTS and LIGHT_* generated from src/gpu/frame-input.ts).

/** One slot's instance data, INSTANCE_BYTES (112), resident on the GPU at its slot: written by packChanged. */
struct Instance {
  world: mat4x4f,
  color: vec4f,     // linear rgb, a = opacity
  material: vec4f,  // metalness, roughness, receiveShadow 0|1, castShadow 0|1
  emissive: vec4f,  // linear rgb, 0
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

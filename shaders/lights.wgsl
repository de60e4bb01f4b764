// How each punctual light of the frame reaches a fragment (glTF KHR_lights_punctual units: irradiance =
// colour * intensity * attenuation): direction, range and spot falloff, and the shadow of the shadow-casting
// light. Shared by the core shading (mesh.wgsl) and the layered materials (mesh-layers.wgsl), whose BRDFs differ
// but whose lights must not. Prepended to mesh.wgsl, after frame.wgsl.

// What the frame's lights may need, fixed per pipeline by the mesh pass (src/gpu/mesh-variants.ts) so that a
// software rasteriser, which runs every branch of a shader, skips what no light uses. The defaults keep every
// path, for pipelines made without constants.
/** Some light of the frame has a position (point or spot). */
override LIGHTS_POSITIONAL: bool = true;
/** Some light of the frame is a spot. */
override LIGHTS_SPOT: bool = true;
/** A light of the frame casts a shadow (the shadow map holds something). */
override LIGHTS_SHADOW: bool = true;
/**
 * The frame's lights with a direction, 0 to 2, when it has at most one ambient light besides (mesh.wgsl spells
 * these out); or 3 for any numbers, which the frame header says. With the count fixed, the mesh pass shades each
 * light at a constant index, which a software rasteriser reads once for a whole group of fragments (an index that
 * varies in a loop it reads per fragment), and it runs no loop.
 */
override LIGHTS_DIRECTED: u32 = 3u;

@group(0) @binding(2) var shadowMap: texture_depth_2d;
@group(0) @binding(3) var shadowSampler: sampler_comparison;

/** glTF KHR_lights_punctual range falloff; range 0 means infinite. */
fn rangeAttenuation(distance: f32, range: f32) -> f32 {
  let inverseSquare = 1.0 / max(distance * distance, 1e-4);
  if (range <= 0.0) {
    return inverseSquare;
  }
  let ratio = distance / range;
  return clamp(1.0 - ratio * ratio * ratio * ratio, 0.0, 1.0) * inverseSquare;
}

/**
 * Share of light reaching `worldPosition` from the shadow-casting light: 3×3 PCF of bilinear comparisons.
 * The lookup position is pushed out along the normal (more at grazing angles) and the reference depth is
 * lowered by a slope-scaled bias, which together keep acne off lit surfaces.
 */
fn shadowFactor(worldPosition: vec3f, n: vec3f, NoL: f32) -> f32 {
  let texelWorld = frame.shadow.y;
  let sinTheta = sqrt(max(1.0 - NoL * NoL, 0.0));
  let lookup = worldPosition + n * (texelWorld * (0.5 + sinTheta));
  let p = frame.lightViewProj * vec4f(lookup, 1.0);
  let ndc = p.xyz / p.w;
  let uv = ndc.xy * vec2f(0.5, -0.5) + 0.5;
  let slope = min(sinTheta / max(NoL, 0.05), 4.0);
  let depth = ndc.z - frame.shadow.z * texelWorld * (0.5 + slope);
  var lit = 0.0;
  for (var y = -1; y <= 1; y++) {
    for (var x = -1; x <= 1; x++) {
      let offset = vec2f(f32(x), f32(y)) * frame.shadow.x;
      lit += textureSampleCompareLevel(shadowMap, shadowSampler, uv + offset, depth);
    }
  }
  let outside = any(uv < vec2f(0.0)) || any(uv > vec2f(1.0)) || ndc.z > 1.0;
  return select(lit / 9.0, 1.0, outside);
}

/** One light as a fragment receives it. */
struct LightReach {
  /** Colour times intensity. */
  radiance: vec3f,
  /** An ambient light: only `radiance` is set. */
  ambient: bool,
  /** Unit direction towards the light. */
  l: vec3f,
  NoL: f32,
  /** Range, cone and shadow; 0 when the light does not reach the fragment (also behind it: NoL <= 0). */
  attenuation: f32,
}

/** Lights in this frame's light array. */
fn lightCount() -> u32 {
  return min(u32(frame.params.x), MAX_LIGHTS);
}

/**
 * Lights at the start of the frame's light array that have a direction (directional, point, spot); the ambient
 * ones follow them (FrameResources orders the array so).
 */
fn directedLightCount() -> u32 {
  return min(u32(frame.params.z), lightCount());
}

/** Colour times intensity of ambient light `i`. */
fn ambientRadiance(i: u32) -> vec3f {
  let light = frame.lights[i];
  return light.color.rgb * light.head.y;
}

/** Flat ambient light with a slight sky-above-ground tilt. */
fn ambientTilt(n: vec3f) -> f32 {
  return 0.9 + 0.1 * n.y;
}

/**
 * Light `i` at `worldPosition` with normal `n`; the shadow map is read only for the shadow-casting light, only
 * where it reaches, and only if the instance `receives` shadows.
 */
fn lightReach(i: u32, worldPosition: vec3f, n: vec3f, receives: bool) -> LightReach {
  let light = frame.lights[i];
  let kind = u32(light.head.x);
  var r: LightReach;
  r.radiance = light.color.rgb * light.head.y;
  r.ambient = kind == LIGHT_AMBIENT;
  if (r.ambient) {
    return r;
  }
  r.attenuation = 1.0;
  r.l = -light.direction.xyz;
  if (LIGHTS_POSITIONAL) {
    if (kind != LIGHT_DIRECTIONAL) {
      let toLight = light.position.xyz - worldPosition;
      let distance = length(toLight);
      r.l = toLight / max(distance, 1e-5);
      r.attenuation = rangeAttenuation(distance, light.head.z);
      if (LIGHTS_SPOT) {
        if (kind == LIGHT_SPOT) {
          r.attenuation *= smoothstep(light.color.w, light.position.w, dot(-r.l, light.direction.xyz));
        }
      }
    }
  }
  r.NoL = dot(n, r.l);
  if (r.NoL <= 0.0 || r.attenuation <= 0.0) {
    r.attenuation = 0.0;
    return r;
  }
  if (LIGHTS_SHADOW) {
    if (receives && i32(i) == i32(frame.params.y)) {
      r.attenuation *= shadowFactor(worldPosition, n, r.NoL);
    }
  }
  return r;
}

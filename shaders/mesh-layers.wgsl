// Fragment stages of materials with glTF PBR extensions (KHR_materials_clearcoat, _specular, _ior, _sheen,
// _transmission). Appended to the mesh pass shader (mesh.wgsl); only primitives whose material uses one of the
// extensions are drawn with these pipelines (src/gpu/layered-material.ts), so core materials never pay for them.
// Group 2 holds the extension factors and textures, and the scene's opaque colour for transmission.

/** Extension factors; written by layeredFloats (src/gpu/layered-material.ts). */
struct Layers {
  clearcoat: vec4f,   // factor, roughness, 0, 0
  specular: vec4f,    // specular colour rgb, specular factor
  sheen: vec4f,       // sheen colour rgb, sheen roughness
  params: vec4f,      // ior (0: f0 of 1), transmission, textures bound (LAYER_* bits), 0
  // One 2×3 UV transform per texture in LAYER_* order, as in struct Material.
  uv: array<vec4f, 14>,
}

@group(2) @binding(0) var<uniform> layers: Layers;
@group(2) @binding(1) var clearcoatTexture: texture_2d<f32>;
@group(2) @binding(2) var clearcoatRoughnessTexture: texture_2d<f32>;
@group(2) @binding(3) var specularTexture: texture_2d<f32>;
@group(2) @binding(4) var specularColorTexture: texture_2d<f32>;
@group(2) @binding(5) var sheenColorTexture: texture_2d<f32>;
@group(2) @binding(6) var sheenRoughnessTexture: texture_2d<f32>;
@group(2) @binding(7) var transmissionTexture: texture_2d<f32>;
/** What was drawn before transmissive primitives (src/gpu/transmission-pass.ts), mipmapped, display-linear. */
@group(2) @binding(8) var opaqueColour: texture_2d<f32>;
@group(2) @binding(9) var opaqueSampler: sampler;

const LAYER_CLEARCOAT = 1u;
const LAYER_CLEARCOAT_ROUGHNESS = 2u;
const LAYER_SPECULAR = 4u;
const LAYER_SPECULAR_COLOR = 8u;
const LAYER_SHEEN_COLOR = 16u;
const LAYER_SHEEN_ROUGHNESS = 32u;
const LAYER_TRANSMISSION = 64u;

/** One fragment's extension values after texture lookups. */
struct LayerValues {
  clearcoat: f32,
  clearcoatRoughness: f32,
  specular: f32,
  specularColor: vec3f,
  sheenColor: vec3f,
  sheenRoughness: f32,
  transmission: f32,
}

fn layerUv(frag: VertexOut, texture: u32) -> vec2f {
  return transformUv(frag, array<vec4f, 2>(layers.uv[texture * 2u], layers.uv[texture * 2u + 1u]));
}

/** Samples the bound extension textures (a uniform test per texture, as in surface()). */
fn layerValues(frag: VertexOut) -> LayerValues {
  let bound = u32(layers.params.z);
  var x: LayerValues;
  x.clearcoat = layers.clearcoat.x;
  x.clearcoatRoughness = layers.clearcoat.y;
  x.specular = layers.specular.w;
  x.specularColor = layers.specular.rgb;
  x.sheenColor = layers.sheen.rgb;
  x.sheenRoughness = layers.sheen.w;
  x.transmission = layers.params.y;
  if ((bound & LAYER_CLEARCOAT) != 0u) {
    x.clearcoat *= textureSample(clearcoatTexture, materialSampler, layerUv(frag, 0u)).r;
  }
  if ((bound & LAYER_CLEARCOAT_ROUGHNESS) != 0u) {
    x.clearcoatRoughness *= textureSample(clearcoatRoughnessTexture, materialSampler, layerUv(frag, 1u)).g;
  }
  if ((bound & LAYER_SPECULAR) != 0u) {
    x.specular *= textureSample(specularTexture, materialSampler, layerUv(frag, 2u)).a;
  }
  if ((bound & LAYER_SPECULAR_COLOR) != 0u) {
    x.specularColor *= textureSample(specularColorTexture, materialSampler, layerUv(frag, 3u)).rgb;
  }
  if ((bound & LAYER_SHEEN_COLOR) != 0u) {
    x.sheenColor *= textureSample(sheenColorTexture, materialSampler, layerUv(frag, 4u)).rgb;
  }
  if ((bound & LAYER_SHEEN_ROUGHNESS) != 0u) {
    x.sheenRoughness *= textureSample(sheenRoughnessTexture, materialSampler, layerUv(frag, 5u)).a;
  }
  if ((bound & LAYER_TRANSMISSION) != 0u) {
    x.transmission *= textureSample(transmissionTexture, materialSampler, layerUv(frag, 6u)).r;
  }
  x.clearcoatRoughness = clamp(x.clearcoatRoughness, 0.04, 1.0);
  return x;
}

/** Charlie sheen distribution (Estevez and Kulla); `r` is sheen roughness. */
fn distributionCharlie(NoH: f32, r: f32) -> f32 {
  let alpha = max(r * r, 1e-3);
  let sin2h = max(1.0 - NoH * NoH, 0.0078125);
  return (2.0 + 1.0 / alpha) * pow(sin2h, 0.5 / alpha) / (2.0 * PI);
}

/** Neubelt's visibility term for sheen. */
fn visibilityNeubelt(NoV: f32, NoL: f32) -> f32 {
  return 1.0 / (4.0 * max(NoL + NoV - NoL * NoV, 1e-4));
}

/**
 * Estevez and Kulla's fitted exponential for the Charlie lobe's reflectance towards the viewer under uniform
 * light (times PI): what the sheen adds to the environment's irradiance.
 */
fn sheenEnvironment(NoV: f32, r: f32) -> f32 {
  let r2 = r * r;
  let isSmooth = r < 0.25;
  let a = select(-8.48 * r2 + 14.3 * r - 9.95, -339.2 * r2 + 161.4 * r - 25.9, isSmooth);
  let b = select(1.97 * r2 - 3.27 * r + 0.72, 44.0 * r2 - 23.7 * r + 3.26, isSmooth);
  return clamp(exp(a * NoV + b) + select(0.1 * (r - 0.25), 0.0, isSmooth), 0.0, PI);
}

/** The share of light the sheen takes from the layers under it: its mean albedo (about 0.157 for white sheen). */
const SHEEN_MEAN_ALBEDO = 0.157;

fn maxComponent(c: vec3f) -> f32 {
  return max(c.r, max(c.g, c.b));
}

/**
 * Linear shaded colour of a layered fragment: the core BRDF with the dielectric F0 from the IOR and the
 * specular extension, the diffuse share given up to transmission, the sheen lobe over it and the clearcoat lobe
 * over everything. `transmitted` is the light seen through the surface (0 for primitives drawn before it exists).
 */
fn shadeLayered(frag: VertexOut, s: Surface, x: LayerValues, coatNormal: vec3f, transmitted: vec3f) -> vec3f {
  let inst = instanceAt(frag.instance);
  let baseColor = s.baseColor.rgb;
  let roughness = s.roughness;
  let a = roughness * roughness;
  let n = s.n;
  if (material.flags.y != 0.0) {
    return baseColor + s.emissive;
  }
  let v = normalize(frame.cameraPosition.xyz - frag.worldPosition);
  let NoV = max(abs(dot(n, v)), 1e-4);
  let ior = layers.params.x;
  let iorF0 = select(pow((ior - 1.0) / (ior + 1.0), 2.0), 1.0, ior == 0.0);
  let f0 = mix(min(vec3f(iorF0) * x.specularColor, vec3f(1.0)) * x.specular, baseColor, s.metalness);
  let f90 = mix(x.specular, 1.0, s.metalness);
  let diffuseColor = baseColor * (1.0 - s.metalness) * (1.0 - x.transmission);
  let sheenScale = 1.0 - maxComponent(x.sheenColor) * SHEEN_MEAN_ALBEDO;
  let coatNoV = max(abs(dot(coatNormal, v)), 1e-4);
  let coatA = x.clearcoatRoughness * x.clearcoatRoughness;
  let coatFresnel = x.clearcoat * fresnelSchlick(coatNoV, vec3f(0.04)).x;
  let receives = inst.material.z != 0.0;

  var color = vec3f(0.0);
  let count = lightCount();
  for (var i = 0u; i < count; i++) {
    let light = lightReach(i, frag.worldPosition, n, receives);
    if (light.ambient) {
      color += diffuseColor * light.radiance * (ambientTilt(n) * s.occlusion);
      continue;
    }
    if (light.attenuation <= 0.0) {
      continue;
    }
    let l = light.l;
    let NoL = light.NoL;
    let h = normalize(l + v);
    let NoH = max(dot(n, h), 0.0);
    let VoH = max(dot(v, h), 0.0);
    let f = f0 + (vec3f(f90) - f0) * pow(1.0 - VoH, 5.0);
    let specular = f * (distributionGGX(NoH, a) * visibilitySmithGGX(NoV, NoL, a));
    let diffuse = (1.0 - maxComponent(f)) * diffuseColor / PI;
    let sheen = x.sheenColor * (distributionCharlie(NoH, x.sheenRoughness) * visibilityNeubelt(NoV, NoL));
    let coatNoL = max(dot(coatNormal, l), 0.0);
    let coatNoH = max(dot(coatNormal, h), 0.0);
    let coat = x.clearcoat * fresnelSchlick(VoH, vec3f(0.04)).x
      * distributionGGX(coatNoH, coatA) * visibilitySmithGGX(coatNoV, coatNoL, coatA) * coatNoL;
    let under = ((diffuse + specular) * sheenScale + sheen) * NoL;
    color += (under * (1.0 - coatFresnel) + vec3f(coat)) * light.radiance * light.attenuation;
  }
  var environment = environmentLight(n, v, NoV, diffuseColor, f0, roughness) * sheenScale;
  environment += x.sheenColor * environmentIrradiance(n) * (sheenEnvironment(NoV, x.sheenRoughness) * look.params.z);
  let coatEnvironment = environmentLight(coatNormal, v, coatNoV, vec3f(0.0), vec3f(0.04), x.clearcoatRoughness) * x.clearcoat;
  // Light through the surface, tinted by the base colour, less what the specular lobe reflects at this angle.
  let through = transmitted * baseColor * (x.transmission * (1.0 - s.metalness))
    * (1.0 - maxComponent(fresnelSchlick(NoV, f0)));
  return (color + environment * s.occlusion + through) * (1.0 - coatFresnel) + coatEnvironment * s.occlusion + s.emissive;
}

/** The surface normal without its normal map: what the clearcoat lobe uses (clearcoat normal maps are not read). */
fn coatNormalOf(frag: VertexOut, frontFacing: bool) -> vec3f {
  let n = normalize(frag.normal);
  return select(-n, n, frontFacing);
}

@fragment
fn fsLayeredOpaque(frag: VertexOut, @builtin(front_facing) frontFacing: bool) -> @location(0) vec4f {
  let s = surface(frag, frontFacing);
  if (s.baseColor.a < material.emissive.w) {
    discard;
  }
  let x = layerValues(frag);
  return vec4f(lookToneMap(shadeLayered(frag, s, x, coatNormalOf(frag, frontFacing), vec3f(0.0))), 1.0);
}

@fragment
fn fsLayeredBlended(frag: VertexOut, @builtin(front_facing) frontFacing: bool) -> @location(0) vec4f {
  let s = surface(frag, frontFacing);
  let x = layerValues(frag);
  let alpha = clamp(s.baseColor.a, 0.0, 1.0);
  return vec4f(lookToneMap(shadeLayered(frag, s, x, coatNormalOf(frag, frontFacing), vec3f(0.0))) * alpha, alpha);
}

/**
 * Transmissive primitives, drawn after the opaque colour was captured: thin-walled transmission (no volume),
 * so the light behind comes straight through, blurred by the surface's roughness (a higher mip, sharper as the
 * IOR nears 1). The captured colour is already exposed and tone-mapped; dividing by the exposure brings it back
 * to about scene-linear before this fragment is tone-mapped in turn.
 */
@fragment
fn fsLayeredTransmission(frag: VertexOut, @builtin(front_facing) frontFacing: bool) -> @location(0) vec4f {
  let s = surface(frag, frontFacing);
  if (s.baseColor.a < material.emissive.w) {
    discard;
  }
  let x = layerValues(frag);
  let size = vec2f(textureDimensions(opaqueColour));
  let ior = layers.params.x;
  let lod = log2(max(size.x, size.y)) * s.roughness * clamp(ior * 2.0 - 2.0, 0.0, 1.0);
  let behind = textureSampleLevel(opaqueColour, opaqueSampler, frag.clip.xy / size, lod).rgb / max(look.params.x, 1e-4);
  return vec4f(lookToneMap(shadeLayered(frag, s, x, coatNormalOf(frag, frontFacing), behind)), 1.0);
}

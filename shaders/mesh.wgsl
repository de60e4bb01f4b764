// Forward PBR metallic-roughness shading of instanced meshes. Prepended with frame.wgsl, and with lights.wgsl
// (how each punctual light reaches a fragment, shared with mesh-layers.wgsl). Diffuse BRDF = albedo / PI. The environment (ibl.wgsl) adds to the lights. Output is exposed and tone-mapped
// (tonemap.wgsl) linear colour; the -srgb view encodes it.
// Blended (transparent) output is premultiplied alpha.

const PI = 3.14159265359;

/**
 * A glTF metallic-roughness material (src/gpu/material.ts). Built-in geometries use the default material:
 * white textures and factors of 1, so the instance's own colour, metalness and roughness pass through.
 */
struct Material {
  baseColor: vec4f,  // linear rgba factor
  emissive: vec4f,   // linear rgb factor times emissive strength, alpha cutoff (MASK) or -1
  params: vec4f,     // metallic, roughness, normal scale, occlusion strength
  flags: vec4f,      // uses instance metalness/roughness (1) or the material's (0), unlit, textures bound, 0
  // One 2×3 UV transform (KHR_texture_transform) per texture, as two rows: (a, b, tx, uv set), (c, d, ty, 0);
  // the first row's w picks the texture's UV set (0: TEXCOORD_0, 1: TEXCOORD_1).
  uvBaseColor: array<vec4f, 2>,
  uvMetallicRoughness: array<vec4f, 2>,
  uvNormal: array<vec4f, 2>,
  uvOcclusion: array<vec4f, 2>,
  uvEmissive: array<vec4f, 2>,
}

// What the material needs, fixed per pipeline by the mesh pass (src/gpu/mesh-variants.ts) so that a software
// rasteriser, which runs every branch of a shader, samples only the textures the material has. The defaults
// keep every path, for pipelines made without constants.
/** The HAS_* textures the pipeline may sample (the material's flags still say which are bound). */
override MATERIAL_TEXTURES: u32 = 31u;
/** Some texture of the material reads TEXCOORD_1. */
override MATERIAL_UV1: bool = true;

@group(1) @binding(0) var<uniform> material: Material;
@group(1) @binding(1) var baseColorTexture: texture_2d<f32>;
@group(1) @binding(2) var metallicRoughnessTexture: texture_2d<f32>;
@group(1) @binding(3) var normalTexture: texture_2d<f32>;
@group(1) @binding(4) var occlusionTexture: texture_2d<f32>;
@group(1) @binding(5) var emissiveTexture: texture_2d<f32>;
@group(1) @binding(6) var materialSampler: sampler;

/** A texture's coordinates: its UV set, through its KHR_texture_transform. */
fn transformUv(frag: VertexOut, rows: array<vec4f, 2>) -> vec2f {
  var uv = fragmentUv(frag);
  if (MATERIAL_UV1) {
    uv = select(uv, fragmentUv1(frag), rows[0].w != 0.0);
  }
  return vec2f(dot(rows[0].xyz, vec3f(uv, 1.0)), dot(rows[1].xyz, vec3f(uv, 1.0)));
}

/**
 * The shading normal with the normal map applied, in a tangent frame built from screen-space derivatives of
 * position and UV (no tangent attribute needed; mirrored UVs handled by the derivative signs).
 */
fn mappedNormal(n: vec3f, position: vec3f, uv: vec2f, sampled: vec3f) -> vec3f {
  let dp1 = dpdx(position);
  let dp2 = dpdy(position);
  let duv1 = dpdx(uv);
  let duv2 = dpdy(uv);
  let dp2perp = cross(dp2, n);
  let dp1perp = cross(n, dp1);
  let t = dp2perp * duv1.x + dp1perp * duv2.x;
  let b = dp2perp * duv1.y + dp1perp * duv2.y;
  let scale = inverseSqrt(max(max(dot(t, t), dot(b, b)), 1e-20));
  let local = (sampled * 2.0 - 1.0) * vec3f(material.params.z, material.params.z, 1.0);
  let mapped = mat3x3f(t * scale, b * scale, n) * local;
  return select(n, normalize(mapped), dot(t, t) + dot(b, b) > 1e-20);
}

/**
 * Cofactor matrix of the world matrix's upper 3×3: det(M) · inverse-transpose(M), built from cross products
 * of the columns. Transforms normals right under non-uniform scale without an inverse; the sign of the
 * determinant keeps mirrored instances' normals pointing out.
 */
fn normalMatrix(m: mat3x3f) -> mat3x3f {
  let cofactor = mat3x3f(cross(m[1], m[2]), cross(m[2], m[0]), cross(m[0], m[1]));
  return cofactor * select(1.0, -1.0, dot(m[0], cofactor[0]) < 0.0);
}

@vertex
fn vs(vertex: VertexIn) -> VertexOut {
  let slot = visible[vertex.instance];
  let world = instanceWorld(slot);
  let worldPosition = world * vec4f(vertex.position, 1.0);
  var out: VertexOut;
  out.clip = frame.viewProj * worldPosition;
  out.worldPosition = worldPosition.xyz;
  out.normal = normalMatrix(mat3x3f(world[0].xyz, world[1].xyz, world[2].xyz)) * vertex.normal;
  out.instance = slot;
  passVaryings(vertex, &out);
  return out;
}

/** Trowbridge-Reitz (GGX) normal distribution; `a` is perceptual roughness squared. */
fn distributionGGX(NoH: f32, a: f32) -> f32 {
  let a2 = a * a;
  let f = (NoH * a2 - NoH) * NoH + 1.0;
  return a2 / (PI * f * f);
}

/** Height-correlated Smith-GGX visibility (the geometry term divided by 4 NoL NoV). */
fn visibilitySmithGGX(NoV: f32, NoL: f32, a: f32) -> f32 {
  let a2 = a * a;
  let ggxV = NoL * sqrt(NoV * NoV * (1.0 - a2) + a2);
  let ggxL = NoV * sqrt(NoL * NoL * (1.0 - a2) + a2);
  return 0.5 / max(ggxV + ggxL, 1e-5);
}

fn fresnelSchlick(VoH: f32, f0: vec3f) -> vec3f {
  return f0 + (1.0 - f0) * pow(1.0 - VoH, 5.0);
}

/**
 * Light `i` (one with a direction) reflected towards the viewer: GGX specular and Lambert diffuse. Where the light
 * does not reach, its attenuation of 0 makes the sum 0 (every term is finite).
 */
fn directLight(i: u32, frag: VertexOut, n: vec3f, v: vec3f, NoV: f32, f0: vec3f, diffuseColor: vec3f, a: f32,
  receives: bool) -> vec3f {
  let light = lightReach(i, frag.worldPosition, n, receives);
  let l = light.l;
  let NoL = light.NoL;
  let h = normalize(l + v);
  let NoH = max(dot(n, h), 0.0);
  let VoH = max(dot(v, h), 0.0);
  let f = fresnelSchlick(VoH, f0);
  let specular = f * (distributionGGX(NoH, a) * visibilitySmithGGX(NoV, NoL, a));
  let diffuse = (1.0 - f) * diffuseColor / PI;
  return (diffuse + specular) * light.radiance * (NoL * light.attenuation);
}

/** What the material and the instance say about one fragment, after texture lookups. */
struct Surface {
  baseColor: vec4f,
  metalness: f32,
  roughness: f32,
  occlusion: f32,
  emissive: vec3f,
  n: vec3f,
}

const HAS_BASE_COLOR = 1u;
const HAS_METALLIC_ROUGHNESS = 2u;
const HAS_NORMAL = 4u;
const HAS_OCCLUSION = 8u;
const HAS_EMISSIVE = 16u;

/**
 * Samples the material's bound textures and combines them with the factors and the instance values: the
 * instance colour and the vertex colour (glTF COLOR_0) multiply the base colour. The branches test a uniform,
 * so sampling with implicit derivatives stays in uniform control flow; a pipeline made for the material leaves
 * out the textures it does not have.
 */
fn surface(frag: VertexOut, frontFacing: bool) -> Surface {
  let inst = instanceAt(frag.instance);
  let bound = u32(material.flags.z);
  var baseTexel = vec4f(1.0);
  var mr = vec4f(1.0);
  var ao = 1.0;
  var emissiveTexel = vec3f(1.0);
  var n = normalize(frag.normal);
  n = select(-n, n, frontFacing);
  var s: Surface;
  s.n = n;
  if ((MATERIAL_TEXTURES & HAS_BASE_COLOR) != 0u && (bound & HAS_BASE_COLOR) != 0u) {
    baseTexel = textureSample(baseColorTexture, materialSampler, transformUv(frag, material.uvBaseColor));
  }
  if ((MATERIAL_TEXTURES & HAS_METALLIC_ROUGHNESS) != 0u && (bound & HAS_METALLIC_ROUGHNESS) != 0u) {
    mr = textureSample(metallicRoughnessTexture, materialSampler, transformUv(frag, material.uvMetallicRoughness));
  }
  if ((MATERIAL_TEXTURES & HAS_NORMAL) != 0u && (bound & HAS_NORMAL) != 0u) {
    // The tangent frame follows the normal texture's own coordinates (its UV set and transform).
    let normalUv = transformUv(frag, material.uvNormal);
    let normalTexel = textureSample(normalTexture, materialSampler, normalUv).xyz;
    s.n = mappedNormal(n, frag.worldPosition, normalUv, normalTexel);
  }
  if ((MATERIAL_TEXTURES & HAS_OCCLUSION) != 0u && (bound & HAS_OCCLUSION) != 0u) {
    ao = textureSample(occlusionTexture, materialSampler, transformUv(frag, material.uvOcclusion)).r;
  }
  if ((MATERIAL_TEXTURES & HAS_EMISSIVE) != 0u && (bound & HAS_EMISSIVE) != 0u) {
    emissiveTexel = textureSample(emissiveTexture, materialSampler, transformUv(frag, material.uvEmissive)).rgb;
  }
  s.baseColor = material.baseColor * baseTexel * inst.color * fragmentColor(frag);
  let useInstance = material.flags.x != 0.0;
  s.metalness = clamp(select(material.params.x * mr.b, inst.material.x, useInstance), 0.0, 1.0);
  // A built-in shape's roughness-texture (green, as glTF reads roughness) scales the instance's roughness.
  s.roughness = clamp(select(material.params.y, inst.material.y, useInstance) * mr.g, 0.04, 1.0);
  s.occlusion = 1.0 + material.params.w * (ao - 1.0);
  s.emissive = material.emissive.rgb * emissiveTexel + inst.emissive.rgb;
  return s;
}

/** Linear shaded colour of one fragment before tone mapping. */
fn shade(frag: VertexOut, s: Surface) -> vec3f {
  let inst = instanceAt(frag.instance);
  let baseColor = s.baseColor.rgb;
  let metalness = s.metalness;
  let roughness = s.roughness;
  let a = roughness * roughness;
  let n = s.n;
  if (material.flags.y != 0.0) {
    return baseColor + s.emissive;
  }
  let v = normalize(frame.cameraPosition.xyz - frag.worldPosition);
  let NoV = max(abs(dot(n, v)), 1e-4);
  let f0 = mix(vec3f(0.04), baseColor, metalness);
  let diffuseColor = baseColor * (1.0 - metalness);
  let receives = inst.material.z != 0.0;

  var color = s.emissive;
  var ambient = vec3f(0.0);
  // Lights with a direction come first in the frame's list and ambient ones after (FrameResources orders them):
  // a software rasteriser runs the whole loop body for every light, so ambient lights get a loop of their own.
  if (LIGHTS_DIRECTED == 3u) {
    let directed = directedLightCount();
    for (var i = 0u; i < directed; i++) {
      color += directLight(i, frag, n, v, NoV, f0, diffuseColor, a, receives);
    }
    for (var i = directed; i < lightCount(); i++) {
      ambient += ambientRadiance(i);
    }
  } else {
    // The counts are fixed for this pipeline (lights.wgsl): each light at a constant index.
    if (LIGHTS_DIRECTED > 0u) {
      color += directLight(0u, frag, n, v, NoV, f0, diffuseColor, a, receives);
    }
    if (LIGHTS_DIRECTED > 1u) {
      color += directLight(1u, frag, n, v, NoV, f0, diffuseColor, a, receives);
    }
    if (lightCount() > LIGHTS_DIRECTED) {
      ambient = ambientRadiance(LIGHTS_DIRECTED);
    }
  }
  color += baseColor * ambient * (ambientTilt(n) * s.occlusion);
  return color + environmentLight(n, v, NoV, diffuseColor, f0, roughness) * s.occlusion;
}

@fragment
fn fsOpaque(frag: VertexOut, @builtin(front_facing) frontFacing: bool) -> @location(0) vec4f {
  let s = surface(frag, frontFacing);
  // MASK materials cut out below their cutoff; OPAQUE ones have a cutoff of -1 and never do.
  if (s.baseColor.a < material.emissive.w) {
    discard;
  }
  return vec4f(lookToneMap(shade(frag, s)), 1.0);
}

/**
 * fsOpaque for OPAQUE materials, which never cut out. Without a discard anywhere in the shader a rasteriser
 * may test depth before shading (SwiftShader does), so hidden fragments are not shaded.
 */
@fragment
fn fsSolid(frag: VertexOut, @builtin(front_facing) frontFacing: bool) -> @location(0) vec4f {
  return vec4f(lookToneMap(shade(frag, surface(frag, frontFacing))), 1.0);
}

@fragment
fn fsBlended(frag: VertexOut, @builtin(front_facing) frontFacing: bool) -> @location(0) vec4f {
  let s = surface(frag, frontFacing);
  let alpha = clamp(s.baseColor.a, 0.0, 1.0);
  return vec4f(lookToneMap(shade(frag, s)) * alpha, alpha);
}

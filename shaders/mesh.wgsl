// Forward PBR metallic-roughness shading of instanced meshes. Prepended with frame.wgsl.
// Lights follow glTF KHR_lights_punctual units: irradiance = colour * intensity (* attenuation), diffuse
// BRDF = albedo / PI. Output is tone-mapped (Khronos PBR Neutral) linear colour; the -srgb view encodes it.
// Blended (transparent) output is premultiplied alpha.

const PI = 3.14159265359;

@group(0) @binding(2) var shadowMap: texture_depth_2d;
@group(0) @binding(3) var shadowSampler: sampler_comparison;

struct VertexOut {
  @builtin(position) clip: vec4f,
  @location(0) worldPosition: vec3f,
  @location(1) normal: vec3f,
  @location(2) @interpolate(flat) instance: u32,
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
fn vs(@location(0) position: vec3f, @location(1) normal: vec3f,
      @builtin(instance_index) instance: u32) -> VertexOut {
  let world = instances[instance].world;
  let worldPosition = world * vec4f(position, 1.0);
  var out: VertexOut;
  out.clip = frame.viewProj * worldPosition;
  out.worldPosition = worldPosition.xyz;
  out.normal = normalMatrix(mat3x3f(world[0].xyz, world[1].xyz, world[2].xyz)) * normal;
  out.instance = instance;
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

/** Khronos PBR Neutral tone mapping: leaves colours below ~0.8 as they are, compresses highlights. */
fn toneMapNeutral(color: vec3f) -> vec3f {
  let startCompression = 0.8 - 0.04;
  let desaturation = 0.15;
  let x = min(color.r, min(color.g, color.b));
  let offset = select(0.04, x - 6.25 * x * x, x < 0.08);
  let c = color - offset;
  let peak = max(c.r, max(c.g, c.b));
  if (peak < startCompression) {
    return c;
  }
  let d = 1.0 - startCompression;
  let newPeak = 1.0 - d * d / (peak + d - startCompression);
  let g = 1.0 - 1.0 / (desaturation * (peak - newPeak) + 1.0);
  return mix(c * (newPeak / peak), vec3f(newPeak), g);
}

/** Linear shaded colour of one fragment before tone mapping. */
fn shade(frag: VertexOut, frontFacing: bool) -> vec3f {
  let inst = instances[frag.instance];
  let baseColor = inst.color.rgb;
  let metalness = clamp(inst.material.x, 0.0, 1.0);
  let roughness = clamp(inst.material.y, 0.04, 1.0);
  let a = roughness * roughness;
  var n = normalize(frag.normal);
  n = select(-n, n, frontFacing);
  let v = normalize(frame.cameraPosition.xyz - frag.worldPosition);
  let NoV = max(abs(dot(n, v)), 1e-4);
  let f0 = mix(vec3f(0.04), baseColor, metalness);
  let diffuseColor = baseColor * (1.0 - metalness);
  let receives = inst.material.z != 0.0;
  let shadowLight = i32(frame.params.y);

  var color = inst.emissive.rgb;
  let count = min(u32(frame.params.x), MAX_LIGHTS);
  for (var i = 0u; i < count; i++) {
    let light = frame.lights[i];
    let kind = u32(light.head.x);
    let radiance = light.color.rgb * light.head.y;
    if (kind == LIGHT_AMBIENT) {
      // Flat ambient with a slight sky-above-ground tilt.
      color += baseColor * radiance * (0.9 + 0.1 * n.y);
      continue;
    }
    var l: vec3f;
    var attenuation = 1.0;
    if (kind == LIGHT_DIRECTIONAL) {
      l = -light.direction.xyz;
    } else {
      let toLight = light.position.xyz - frag.worldPosition;
      let distance = length(toLight);
      l = toLight / max(distance, 1e-5);
      attenuation = rangeAttenuation(distance, light.head.z);
      if (kind == LIGHT_SPOT) {
        attenuation *= smoothstep(light.color.w, light.position.w, dot(-l, light.direction.xyz));
      }
    }
    let NoL = dot(n, l);
    if (NoL <= 0.0 || attenuation <= 0.0) {
      continue;
    }
    if (receives && i32(i) == shadowLight) {
      attenuation *= shadowFactor(frag.worldPosition, n, NoL);
    }
    let h = normalize(l + v);
    let NoH = max(dot(n, h), 0.0);
    let VoH = max(dot(v, h), 0.0);
    let f = fresnelSchlick(VoH, f0);
    let specular = f * (distributionGGX(NoH, a) * visibilitySmithGGX(NoV, NoL, a));
    let diffuse = (1.0 - f) * diffuseColor / PI;
    color += (diffuse + specular) * radiance * (NoL * attenuation);
  }
  return color;
}

@fragment
fn fsOpaque(frag: VertexOut, @builtin(front_facing) frontFacing: bool) -> @location(0) vec4f {
  return vec4f(toneMapNeutral(shade(frag, frontFacing)), 1.0);
}

@fragment
fn fsBlended(frag: VertexOut, @builtin(front_facing) frontFacing: bool) -> @location(0) vec4f {
  let alpha = clamp(instances[frag.instance].color.a, 0.0, 1.0);
  return vec4f(toneMapNeutral(shade(frag, frontFacing)) * alpha, alpha);
}

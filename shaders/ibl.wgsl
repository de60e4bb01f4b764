// Image-based lighting in the mesh pass (group 3; group 2 is the animated primitives' rig): the split-sum approximation. Specular light is the
// environment prefiltered for GGX (a cube whose mips hold rising roughness) times a scale and bias of F0 read
// from the BRDF table; diffuse light is the environment's irradiance as nine spherical-harmonic coefficients.
// Built by src/gpu/look.ts; the environments themselves by src/gpu/ibl/.

/** The scene's look, written by LookBindings (src/gpu/look.ts). */
struct Look {
  params: vec4f,    // exposure, tone mapping (TONE_*), environment intensity (0: no environment), specular mips - 1
  rotation: vec4f,  // cos and sin of the environment's rotation about y, skybox mip level, 0
}

@group(3) @binding(0) var<uniform> look: Look;

// The look as far as the mesh pass fixes it per pipeline (src/gpu/mesh-variants.ts); the defaults read it all
// from `look`, for pipelines made without constants.
/** The scene has an environment light (false: environmentLight adds nothing). */
override LOOK_ENVIRONMENT: bool = true;
/** The tone mapping operator (TONE_*), or LOOK_TONE_DYNAMIC: the one `look` names. */
override LOOK_TONE: u32 = LOOK_TONE_DYNAMIC;
const LOOK_TONE_DYNAMIC = 255u;

/** `color` exposed and tone-mapped as the look says. */
fn lookToneMap(color: vec3f) -> vec3f {
  return toneMap(color, look.params.x, select(u32(look.params.y), LOOK_TONE, LOOK_TONE != LOOK_TONE_DYNAMIC));
}
/** Irradiance: SH coefficients (L00, L1-1, L10, L11, L2-2, L2-1, L20, L21, L22), already convolved with the
 *  cosine lobe and divided by PI, so albedo times their sum is the diffuse light. */
@group(3) @binding(1) var<uniform> irradianceSH: array<vec4f, 9>;
@group(3) @binding(2) var specularCube: texture_cube<f32>;
@group(3) @binding(3) var lookSampler: sampler;

/** A world direction turned into the environment's own frame (the environment is rotated about y). */
fn environmentDirection(d: vec3f) -> vec3f {
  let c = look.rotation.x;
  let s = look.rotation.y;
  return vec3f(c * d.x - s * d.z, d.y, s * d.x + c * d.z);
}

/** Diffuse irradiance over PI around unit normal `n`. */
fn environmentIrradiance(n: vec3f) -> vec3f {
  let d = environmentDirection(n);
  let sh = irradianceSH;
  let result = sh[0].rgb * 0.282095
    + sh[1].rgb * (0.488603 * d.y) + sh[2].rgb * (0.488603 * d.z) + sh[3].rgb * (0.488603 * d.x)
    + sh[4].rgb * (1.092548 * d.x * d.y) + sh[5].rgb * (1.092548 * d.y * d.z)
    + sh[6].rgb * (0.315392 * (3.0 * d.z * d.z - 1.0))
    + sh[7].rgb * (1.092548 * d.x * d.z) + sh[8].rgb * (0.546274 * (d.x * d.x - d.y * d.y));
  return max(result, vec3f(0.0));
}

/**
 * Split-sum scale (x) and bias (y) to F0 of GGX with the direct lights' visibility: a least-squares fit of the
 * integral (test/gpu/environment-brdf.test.ts), cheaper than a table's filtered read on a software rasteriser.
 */
fn environmentBrdf(NoV: f32, roughness: f32) -> vec2f {
  let x = NoV;
  let y = roughness;
  let c0 = vec2f(0.5942, 0.3734) + y * (vec2f(-1.243, 0.7436) + y * (vec2f(0.0009903, -0.9743) + y * vec2f(0.5869, 0.194)));
  let c1 = vec2f(2.09, -1.797) + y * (vec2f(1.887, -0.2363) + y * vec2f(-2.16, 0.7129));
  let c2 = vec2f(-2.873, 2.262) + y * vec2f(0.2718, -0.431);
  let c3 = vec2f(1.102, -0.8401);
  let grazing = vec2f(-0.6801, 0.7234) + y * (vec2f(2.978, -3.409) + y * (vec2f(0.5775, 2.776) + y * vec2f(-1.952, -0.3546)));
  let fitted = c0 + x * (c1 + x * (c2 + x * c3)) + exp2(-6.0 * x) * grazing;
  return clamp(fitted, vec2f(0.0), vec2f(1.0));
}

/**
 * The environment's light leaving a surface towards the viewer: Lambert diffuse from the irradiance, GGX
 * specular from the prefiltered cube and the environment BRDF, with the energy single scattering loses added
 * back (Fdez-Agüera's multiple-scattering term) so rough metals do not darken.
 */
fn environmentLight(n: vec3f, v: vec3f, NoV: f32, diffuseColor: vec3f, f0: vec3f, roughness: f32) -> vec3f {
  if (!LOOK_ENVIRONMENT) {
    return vec3f(0.0);
  }
  let intensity = look.params.z;
  if (intensity <= 0.0) {
    return vec3f(0.0);
  }
  let r = reflect(-v, n);
  let prefiltered = textureSampleLevel(specularCube, lookSampler, environmentDirection(r), roughness * look.params.w).rgb;
  let ab = environmentBrdf(NoV, roughness);
  let fr = max(vec3f(1.0 - roughness), f0) - f0;
  let kS = f0 + fr * pow(1.0 - NoV, 5.0);
  let fssEss = kS * ab.x + ab.y;
  let ess = ab.x + ab.y;
  let ems = 1.0 - ess;
  let fAvg = f0 + (1.0 - f0) / 21.0;
  let fmsEms = ems * fssEss * fAvg / (1.0 - ems * fAvg);
  let kD = diffuseColor * (1.0 - fssEss - fmsEms);
  let irradiance = environmentIrradiance(n);
  return (fssEss * prefiltered + (fmsEms + kD) * irradiance) * intensity;
}

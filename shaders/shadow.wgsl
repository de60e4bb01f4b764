// Depth-only pass into the directional light's shadow map. Prepended with frame.wgsl.

@vertex
fn vs(@location(0) position: vec3f, @builtin(instance_index) instance: u32) -> @builtin(position) vec4f {
  let inst = instanceAt(visible[instance]);
  if (inst.material.w == 0.0) {
    // Not a caster: every vertex lands on one point outside the clip volume, so nothing is rasterised.
    return vec4f(2.0, 2.0, 2.0, 1.0);
  }
  return frame.lightViewProj * (inst.world * vec4f(position, 1.0));
}

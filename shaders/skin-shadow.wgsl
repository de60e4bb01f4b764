// Shadow-pass vertex stage of animated models: the vertex moved by skin.wgsl, then projected like shadow.wgsl's `vs`.

@vertex
fn vsAnimatedShadow(@location(0) position: vec3f, @location(1) normal: vec3f, @location(8) joints: vec4u,
                    @location(9) weights: vec4f, @builtin(vertex_index) vertex: u32,
                    @builtin(instance_index) instance: u32) -> @builtin(position) vec4f {
  let slot = visible[instance];
  let inst = instanceAt(slot);
  if (inst.material.w == 0.0) {
    return vec4f(2.0, 2.0, 2.0, 1.0);
  }
  let moved = moveVertex(position, normal, joints, weights, vertex, slot);
  return frame.lightViewProj * (inst.world * (moved.skin * vec4f(moved.position, 1.0)));
}

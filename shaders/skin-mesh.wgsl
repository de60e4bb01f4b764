// Colour-pass vertex stage of animated models: the vertex moved by skin.wgsl, then placed like mesh.wgsl's `vs`.

@vertex
fn vsAnimated(@location(0) position: vec3f, @location(1) normal: vec3f, @location(2) uv: vec2f, @location(3) uv1: vec2f,
              @location(4) color: vec4f, @location(8) joints: vec4u, @location(9) weights: vec4f,
              @builtin(vertex_index) vertex: u32, @builtin(instance_index) instance: u32) -> VertexOut {
  let slot = visible[instance];
  let moved = moveVertex(position, normal, joints, weights, vertex, slot);
  let instanceMatrix = instanceWorld(slot);
  let world = instanceMatrix * moved.skin;
  let worldPosition = instanceMatrix * (moved.skin * vec4f(moved.position, 1.0));
  var out: VertexOut;
  out.clip = frame.viewProj * worldPosition;
  out.worldPosition = worldPosition.xyz;
  out.normal = normalMatrix(mat3x3f(world[0].xyz, world[1].xyz, world[2].xyz)) * moved.normal;
  out.instance = slot;
  out.uv = uv;
  out.uv1 = uv1;
  out.color = color;
  return out;
}

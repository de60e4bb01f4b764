// Frustum culling on the GPU (src/gpu/gpu-cull.ts). Three entry points run in order in one compute pass:
// `cull` tests every slot's world sphere against the camera frustum and counts the visible slots per batch key,
// `place` turns the counts into each key's first place in the list and writes every draw record's indirect
// arguments, `scatter` writes each visible slot at its place. The lists and arguments never leave the GPU.
// With `fixedRanges` (a device without indirect-first-instance) each record's range of the list starts where
// the CPU put it (written into the first places), and the arguments' first instance is 0.
// KEY_LIMIT is prepended (src/gpu/gpu-cull.ts): opaque batch keys are below it.

const NONE = 0xffffffffu;

struct Params {
  slotCount: u32,
  capacity: u32,     // slots per section of `columns`
  recordCount: u32,
  drawable: u32,     // the flag bits a drawn slot has (alive, visible)
  fixedRanges: u32,  // 1: first places are the CPU's, arguments start at instance 0
}

@group(0) @binding(0) var<uniform> viewProj: mat4x4f;  // the start of the frame uniforms (frame.wgsl)
@group(0) @binding(1) var<uniform> params: Params;
/** Six sections of `capacity` u32, copied from the scene's columns: sphere x, y, z, r (f32 bits), flags, batch key. */
@group(0) @binding(2) var<storage, read> columns: array<u32>;
/** Per slot: its place among its key's visible slots, or NONE. */
@group(0) @binding(3) var<storage, read_write> ranks: array<u32>;
/**
 * The indirect arguments, five u32 per draw record (index count, instance count, first index, base vertex,
 * first instance), then KEY_LIMIT counters, then KEY_LIMIT first places (with `fixedRanges`, written by the CPU
 * for the keys of the records only).
 */
@group(0) @binding(4) var<storage, read_write> draws: array<atomic<u32>>;
/** Per draw record: batch key, index count, first index, base vertex. */
@group(0) @binding(5) var<storage, read> records: array<vec4u>;
/** The visible slots, grouped by key: what the mesh and shadow passes read as `visible`. */
@group(0) @binding(6) var<storage, read_write> list: array<u32>;

fn counter(key: u32) -> u32 {
  return params.recordCount * 5u + key;
}

fn firstPlace(key: u32) -> u32 {
  return params.recordCount * 5u + KEY_LIMIT + key;
}

/** Plane `i` of the frustum (left, right, bottom, top, near, far), normalised, positive inside. */
fn plane(i: u32) -> vec4f {
  let m = transpose(viewProj);
  let row = m[i >> 1u];
  let sign = select(-1.0, 1.0, (i & 1u) == 0u);
  let p = select(m[3], vec4f(0.0), i == 4u) + sign * row;
  return p / max(length(p.xyz), 1e-30);
}

var<workgroup> groupCounts: array<atomic<u32>, KEY_LIMIT>;
var<workgroup> groupBases: array<u32, KEY_LIMIT>;

/** Whether slot `s` is drawn and inside the frustum; its batch key in `key`. */
fn visibleSlot(s: u32) -> bool {
  if (s >= params.slotCount) {
    return false;
  }
  let c = params.capacity;
  let key = columns[5u * c + s];
  if ((columns[4u * c + s] & params.drawable) != params.drawable || key >= KEY_LIMIT) {
    return false;
  }
  let centre = vec3f(bitcast<f32>(columns[s]), bitcast<f32>(columns[c + s]), bitcast<f32>(columns[2u * c + s]));
  let negR = -bitcast<f32>(columns[3u * c + s]);
  for (var i = 0u; i < 6u; i++) {
    let p = plane(i);
    if (dot(p.xyz, centre) + p.w < negR) {
      return false;
    }
  }
  return true;
}

/**
 * Counts within the workgroup first, then adds each key's count to the global counter once per workgroup: one
 * global atomic per key and 64 slots rather than one per visible slot.
 */
@compute @workgroup_size(64)
fn cull(@builtin(global_invocation_id) id: vec3u, @builtin(local_invocation_index) local: u32) {
  for (var k = local; k < KEY_LIMIT; k += 64u) {
    atomicStore(&groupCounts[k], 0u);
  }
  workgroupBarrier();
  let s = id.x;
  let inside = visibleSlot(s);
  var key = 0u;
  var rank = 0u;
  if (inside) {
    key = columns[5u * params.capacity + s];
    rank = atomicAdd(&groupCounts[key], 1u);
  }
  workgroupBarrier();
  for (var k = local; k < KEY_LIMIT; k += 64u) {
    let n = atomicLoad(&groupCounts[k]);
    if (n > 0u) {
      groupBases[k] = atomicAdd(&draws[counter(k)], n);
    }
  }
  workgroupBarrier();
  if (s < params.slotCount) {
    ranks[s] = select(NONE, groupBases[key] + rank, inside);
  }
}

var<workgroup> counts: array<u32, KEY_LIMIT>;
var<workgroup> sums: array<u32, KEY_LIMIT>;

/** One workgroup of KEY_LIMIT invocations, one per key: an inclusive prefix sum of the counts. */
@compute @workgroup_size(KEY_LIMIT)
fn place(@builtin(local_invocation_index) key: u32) {
  let count = atomicLoad(&draws[counter(key)]);
  counts[key] = count;
  sums[key] = count;
  workgroupBarrier();
  for (var step = 1u; step < KEY_LIMIT; step <<= 1u) {
    var add = 0u;
    if (key >= step) {
      add = sums[key - step];
    }
    workgroupBarrier();
    sums[key] += add;
    workgroupBarrier();
  }
  let fixed = params.fixedRanges != 0u;
  if (!fixed) {
    atomicStore(&draws[firstPlace(key)], sums[key] - count);
  }
  // Counting starts from zero again next frame; this frame's count is read.
  atomicStore(&draws[counter(key)], 0u);
  for (var r = key; r < params.recordCount; r += KEY_LIMIT) {
    let record = records[r];
    let k = record.x;
    let o = r * 5u;
    atomicStore(&draws[o], record.y);
    atomicStore(&draws[o + 1u], counts[k]);
    atomicStore(&draws[o + 2u], record.z);
    atomicStore(&draws[o + 3u], record.w);
    atomicStore(&draws[o + 4u], select(sums[k] - counts[k], 0u, fixed));
  }
}

@compute @workgroup_size(64)
fn scatter(@builtin(global_invocation_id) id: vec3u) {
  let s = id.x;
  if (s >= params.slotCount) {
    return;
  }
  let rank = ranks[s];
  if (rank == NONE) {
    return;
  }
  let key = columns[5u * params.capacity + s];
  // Keys without a draw record have no range of their own when the ranges are fixed.
  if (params.fixedRanges != 0u && key >= params.recordCount) {
    return;
  }
  list[atomicLoad(&draws[firstPlace(key)]) + rank] = s;
}

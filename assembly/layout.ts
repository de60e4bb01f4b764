// Every number the TypeScript side shares with this module is exported from here, once. TypeScript reads
// them from the instance's exports (`exports.REGION_SCENE.value`), never types them again.

/** WebAssembly page size in bytes. */
export const PAGE_BYTES: u32 = 65536;
/** Largest memory the layout addresses: 65535 pages, so every region end fits in a u32. */
export const MAX_PAGES: u32 = 65535;

// ---- regions ---------------------------------------------------------------------------------------------
export const REGION_SYSTEM: u32 = 0;
export const REGION_SCENE: u32 = 1;
export const REGION_COMMAND: u32 = 2;
export const REGION_SCRATCH: u32 = 3;
export const REGION_MESH: u32 = 4;
export const REGION_TEXTURE: u32 = 5;
export const REGION_COUNT: u32 = 6;

/** Smallest ring of command-region frames: one being written, two that the GPU may still be reading. */
export const MIN_RING_DEPTH: u32 = 3;

// ---- status codes returned by init, frameBegin and grow ----------------------------------------------------
export const STATUS_OK: u32 = 0;
/** The budget cannot hold the fixed system region plus the smallest useful regions. */
export const STATUS_BUDGET_TOO_SMALL: u32 = 1;
/** A guard word was overwritten; the low byte of the status after this code names the region. */
export const STATUS_CORRUPTED: u32 = 0x100;
/** memory.grow was refused by the host. */
export const STATUS_GROW_REFUSED: u32 = 2;
/** Region shares or ring depth out of range. */
export const STATUS_BAD_LAYOUT: u32 = 3;

/** Written before and after the system region and at the end of every other region. */
export const GUARD_WORD: u32 = 0x5741_4c43; // "WALC"
/** Bytes of guard at each guarded place (four words, one v128). */
export const GUARD_BYTES: u32 = 16;

/** Slot value meaning "no slot" (no parent, allocation failed). */
export const NO_SLOT: u32 = 0xffff_ffff;

// ---- per-slot flags (FLAGS column) --------------------------------------------------------------------------
export const FLAG_ALIVE: u32 = 1;
/** The `visible` attribute: off means never drawn, whatever the frustum says. */
export const FLAG_VISIBLE: u32 = 2;
export const FLAG_CAST_SHADOW: u32 = 4;
export const FLAG_RECEIVE_SHADOW: u32 = 8;
/** Local transform written since the last transform update. */
export const FLAG_DIRTY: u32 = 16;
/** World matrix recomputed in the latest transform update (children read this). */
export const FLAG_CHANGED: u32 = 32;
/** Has a non-zero velocity or spin: the movement kernel visits it. */
export const FLAG_MOVING: u32 = 64;
/** Drawn in the blended pass (opacity below 1). */
export const FLAG_TRANSPARENT: u32 = 128;
/** Has levels of detail: selectLod picks its batch key every frame. */
export const FLAG_LOD: u32 = 256;
/** `pickable="false"`: rays pass through it. */
export const FLAG_UNPICKABLE: u32 = 512;
/**
 * Written from outside the movement kernel since the last transform update (colour, material, emissive, or
 * anything else: writers other than movement cannot tell): the transform pass packs the slot's whole instance
 * record again, where a slot that only moved gets its matrix rows packed.
 */
export const FLAG_LOOK: u32 = 1024;

// ---- component columns in the scene region --------------------------------------------------------------
export const COL_POSITION: u32 = 0; //      f32 x3
export const COL_ROTATION: u32 = 1; //      f32 x4, unit quaternion (x, y, z, w)
export const COL_SCALE: u32 = 2; //         f32 x3
export const COL_WORLD: u32 = 3; //         f32 x16, column-major world matrix
export const COL_LOCAL_BOUNDS: u32 = 4; //  f32 x4, object-space bounding sphere (cx, cy, cz, r)
export const COL_BOUNDS_X: u32 = 5; //      f32, world-space sphere centre x (one column per lane for SIMD)
export const COL_BOUNDS_Y: u32 = 6; //      f32
export const COL_BOUNDS_Z: u32 = 7; //      f32
export const COL_BOUNDS_R: u32 = 8; //      f32, world-space radius
export const COL_COLOR: u32 = 9; //         f32 x4, linear rgba
export const COL_MATERIAL: u32 = 10; //     f32 x4 (metalness, roughness, receive-shadow 0|1, cast-shadow 0|1)
export const COL_EMISSIVE: u32 = 11; //     f32 x4, linear rgb + palette base of an animated model
export const COL_VELOCITY: u32 = 12; //     f32 x3, units per second
export const COL_SPIN: u32 = 13; //         f32 x3, degrees per second about local x, y, z
export const COL_FLAGS: u32 = 14; //        u32
export const COL_PARENT: u32 = 15; //       u32 slot or NO_SLOT
export const COL_BATCH: u32 = 16; //        u32 batch key (geometry x material pipeline)
export const COL_FREE: u32 = 17; //         u32 stack of released slots (internal)
export const COL_ORDER: u32 = 18; //        u32 slots ordered parents-before-children (internal)
export const COL_LOD_KEYS: u32 = 19; //     u32 x4, batch key of each level of detail (0 = no such level)
export const COL_LOD_COVERAGE: u32 = 20; // f32 x4, screen coverage below which level i + 1 replaces level i
export const COL_COMPONENTS: u32 = 21; //   u32, one bit per user component the slot has (systems' with / without)
export const COL_DIRTY_BITS: u32 = 22; //   u32 words, bit s of word s / 32: slot s is FLAG_DIRTY (only the first capacity / 32 used)
export const COL_CHANGED_LIST: u32 = 23; // u32 slots given FLAG_CHANGED by the last transform pass (internal)
export const COL_MOVING_LIST: u32 = 24; //  u32 slots flagged MOVING, in no order (internal)
export const COL_MOVING_INDEX: u32 = 25; // u32 a slot's place in the moving list plus one, 0 when not in it (internal)
export const COL_INSTANCE: u32 = 26; //     u32 x20, the slot's instance record as the GPU holds it (INSTANCE_BYTES; internal)
export const COLUMN_COUNT: u32 = 27;

/**
 * Bytes per slot the scene region keeps for user components' columns (defineComponent): 16 four-byte numbers
 * per object, shared by every user component of the scene.
 */
export const USER_BYTES_PER_SLOT: u32 = 64;

/**
 * Bytes of one packed instance record (pack.ts writes it into COL_INSTANCE, frame.wgsl's `Instance` reads it):
 *   3 * 16 + // world matrix rows 0..2 (f32 x4 each; the affine bottom row 0 0 0 1 is implied)
 *   16 +     // colour, linear rgba (f32 x4)
 *   4 +      // emissive r, g (f16 x2)
 *   4 +      // emissive b (f16), then receive-shadow (bit 16) and cast-shadow (bit 17)
 *   4 +      // metalness, roughness (unorm16 x2)
 *   4        // palette base of an animated model (the f32 of the emissive column's w, as bits)
 */
export const INSTANCE_BYTES: u32 = 80;
/** Bytes of one batch record written by the pack kernel: key, first instance, instance count (u32 each). */
export const BATCH_RECORD_BYTES: u32 = 12;

// ---- tweens (`<layerw-animate>`), a table at the end of the scene region ----------------------------------
/** Bytes of one tween entry: target, timing, easing, state, output, up to MAX_TWEEN_KEYS keyframes. */
export const TWEEN_BYTES: u32 = 256;
/** Keyframes one tween holds. */
export const MAX_TWEEN_KEYS: u32 = 8;
/** The scene region keeps room for one tween per this many slots (more when the columns leave room over). */
export const SLOTS_PER_TWEEN: u32 = 8;
/** Tween value kinds: numbers copied into the column, Euler degrees written as a quaternion, an opacity. */
export const TWEEN_PLAIN: u32 = 0;
export const TWEEN_EULER: u32 = 1;
export const TWEEN_OPACITY: u32 = 2;
/** Column id of a tween whose value only goes to its output, for TypeScript to apply (lights, cameras). */
export const TWEEN_NO_COLUMN: u32 = 0xffff_ffff;
/** Easings: linear, cubic-bezier(p0, p1, p2, p3), steps(p0, position p1: TWEEN_JUMP_*). */
export const EASE_LINEAR: u32 = 0;
export const EASE_CUBIC: u32 = 1;
export const EASE_STEPS: u32 = 2;
export const JUMP_START: u32 = 0;
export const JUMP_END: u32 = 1;
export const JUMP_NONE: u32 = 2;
export const JUMP_BOTH: u32 = 3;
/** Playback directions and fill modes, in the order of their CSS keywords. */
export const DIRECTION_NORMAL: u32 = 0;
export const DIRECTION_REVERSE: u32 = 1;
export const DIRECTION_ALTERNATE: u32 = 2;
export const DIRECTION_ALTERNATE_REVERSE: u32 = 3;
export const FILL_NONE: u32 = 0;
export const FILL_FORWARDS: u32 = 1;
export const FILL_BACKWARDS: u32 = 2;
export const FILL_BOTH: u32 = 3;
/** Tween state bits. */
export const TWEEN_LIVE: u32 = 1;
export const TWEEN_PLAYING: u32 = 2;
/** The output holds a value this frame (the tween is in effect). */
export const TWEEN_IN_EFFECT: u32 = 4;
/** The output changed in the last evaluation. */
export const TWEEN_OUTPUT_CHANGED: u32 = 8;
/** Set on a finished-list item whose tween stopped having an effect: its target shows its own value again. */
export const TWEEN_EVENT_RESTORE: u32 = 0x8000_0000;
// ---- picking (assembly/pick.ts describes the records) -------------------------------------------------------
/** Bytes of a ray: origin (3 f32), farthest distance, unit direction (3 f32), 0. */
export const RAY_BYTES: u32 = 32;
/** Bytes of a hit: slot, distance, point (3), normal (3), uv (2), triangle, 0. */
export const HIT_BYTES: u32 = 48;
export const BVH_HEADER_BYTES: u32 = 32;
export const BVH_NODE_BYTES: u32 = 32;
export const BVH_TRIANGLE_BYTES: u32 = 16;
export const BVH_VERTEX_BYTES: u32 = 32;

// ---- priority blocks (mesh and texture regions) ----------------------------------------------------------
/** Blocks each priority region can hold at once. */
export const MAX_BLOCKS: u32 = 2048;

// ---- the system region's own layout (offsets from its base) --------------------------------------------------
// [guard 16][header 240][region table 6 x 64][column table 2 x 32 x 4][block tables 2 x MAX_BLOCKS x 32]
// [block order 2 x MAX_BLOCKS x 4][user column table MAX_USER_COLUMNS x 4][guard 16]
export const SYS_HEADER: u32 = GUARD_BYTES;
export const SYS_REGIONS: u32 = 256;
export const REGION_ENTRY_BYTES: u32 = 64;
export const SYS_COLUMNS: u32 = SYS_REGIONS + REGION_COUNT * REGION_ENTRY_BYTES; // 640
export const SYS_BLOCKS: u32 = SYS_COLUMNS + 2 * 32 * 4; // 896
export const BLOCK_ENTRY_BYTES: u32 = 32;
export const SYS_BLOCK_ORDER: u32 = SYS_BLOCKS + 2 * MAX_BLOCKS * BLOCK_ENTRY_BYTES;
/** User component columns a scene can place: the user area holds 16 numbers per slot, one at least each. */
export const MAX_USER_COLUMNS: u32 = 16;
/** Numbers per slot of each placed user column, in placement order (so a re-layout can move them). */
export const SYS_USER_COLUMNS: u32 = SYS_BLOCK_ORDER + 2 * MAX_BLOCKS * 4;
export const SYS_END: u32 = SYS_USER_COLUMNS + MAX_USER_COLUMNS * 4 + GUARD_BYTES;

// Header fields (byte offsets from the system base).
export const H_MAGIC: u32 = SYS_HEADER + 0;
export const H_PAGES: u32 = SYS_HEADER + 4;
export const H_FRAME: u32 = SYS_HEADER + 8;
export const H_RING_DEPTH: u32 = SYS_HEADER + 12;
export const H_RING_INDEX: u32 = SYS_HEADER + 16;
export const H_SLOT_CAPACITY: u32 = SYS_HEADER + 20;
export const H_SLOT_END: u32 = SYS_HEADER + 24;
export const H_FREE_COUNT: u32 = SYS_HEADER + 28;
export const H_HIERARCHY_DIRTY: u32 = SYS_HEADER + 32;
export const H_SLICE_BYTES: u32 = SYS_HEADER + 36;
export const H_BLOCK_COUNT: u32 = SYS_HEADER + 40; // two u32: mesh, texture
export const H_ORDER_COUNT: u32 = SYS_HEADER + 48;
export const H_LIVE_SLOTS: u32 = SYS_HEADER + 52;
export const H_BYTES_PER_SLOT: u32 = SYS_HEADER + 56;
/** The user-component area after the columns: its start, bump top and end (absolute addresses). */
export const H_USER_BASE: u32 = SYS_HEADER + 60;
export const H_USER_TOP: u32 = SYS_HEADER + 64;
export const H_USER_END: u32 = SYS_HEADER + 68;
export const H_TWEEN_TABLE: u32 = SYS_HEADER + 72; //    address of tween entry 0
export const H_TWEEN_CAPACITY: u32 = SYS_HEADER + 76;
export const H_TWEEN_END: u32 = SYS_HEADER + 80; //      one past the highest entry ever handed out
export const H_TWEEN_FREE: u32 = SYS_HEADER + 84; //     first released entry, or NO_SLOT
export const H_TWEEN_LIVE: u32 = SYS_HEADER + 88;
export const H_TWEEN_EVENTS: u32 = SYS_HEADER + 92; //   address of the finished-this-frame list
export const H_TWEEN_EVENT_COUNT: u32 = SYS_HEADER + 96;
export const H_USER_COUNT: u32 = SYS_HEADER + 100; //    user columns placed
export const H_ROOT_COUNT: u32 = SYS_HEADER + 104; //    slots at depth 0, the first of the ORDER column
export const H_CHANGED_COUNT: u32 = SYS_HEADER + 108; // entries of COL_CHANGED_LIST
export const H_MOVING_COUNT: u32 = SYS_HEADER + 112; //  entries of COL_MOVING_LIST

// Region table entry fields.
export const R_BASE: u32 = 0;
export const R_CAPACITY: u32 = 4; //   bytes usable (guard excluded)
export const R_TOP: u32 = 8; //        bump pointer (absolute address) for bump regions
export const R_USED: u32 = 12;
export const R_HIGH_WATER: u32 = 16;
export const R_ALLOCATIONS: u32 = 20;
export const R_EVICTIONS: u32 = 24;
export const R_FAILURES: u32 = 28;
export const R_SLICE_BASE: u32 = 32; // command ring: base of the current frame's slice

// Block entry fields.
export const B_OFFSET: u32 = 0;
export const B_SIZE: u32 = 4;
export const B_DISTANCE: u32 = 8; //   f32
export const B_LAST_VISIBLE: u32 = 12;
export const B_GENERATION: u32 = 16;
export const B_LIVE: u32 = 20;

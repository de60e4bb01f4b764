// A memory with the core and one module beside it (the frame, feature or picking kernels), as the kernel tests
// set it up, and the checks every such module passes: its static data between the core's and the system region,
// one instance per memory, and a core it does not fit refused before a kernel runs.
import { assert, assertEqual } from '../assert.js';
import { createWalloc, expectError } from './core.js';
import { constant, type CoreExports, type SideModuleExports } from '../../src/wasm/exports.js';
import type { Walloc, WallocOptions } from '../../src/memory/walloc.js';

/** How a test has a side module over a memory: frameKernels, featureKernels, pickingKernels or loadFrameKernels. */
export type SideModuleLoad<Kernels> = (walloc: Walloc) => Promise<Kernels>;

/** A memory, its core and the side module a test runs. */
export interface SideModuleMemory<Kernels> {
  readonly walloc: Walloc;
  readonly core: CoreExports;
  readonly kernels: Kernels;
}

/** A fresh memory (64 MB unless `options` say otherwise) with the core and `load`'s module attached. */
export async function memoryWith<Kernels>(load: SideModuleLoad<Kernels>, options: Partial<WallocOptions> = {}): Promise<SideModuleMemory<Kernels>> {
  const walloc = await createWalloc(options);
  return { walloc, core: walloc.core, kernels: await load(walloc) };
}

/** Where a side module's static data lies: from `base` (its build's memoryBase) up to `end`. */
export function staticSpan(kernels: SideModuleExports): { base: number; end: number } {
  return { base: constant(kernels, 'STATIC_BASE'), end: kernels.staticEnd() >>> 0 };
}

/**
 * Checks that `what`'s static data (`kernels`) has a span of its own, above the core's and below the system
 * region, and apart from each of `others` (named side modules over the same memory).
 */
export function expectPlacedBesideCore(what: string, core: CoreExports, kernels: SideModuleExports,
  others: Readonly<Record<string, SideModuleExports>> = {}): void {
  const { base, end } = staticSpan(kernels);
  const coreEnd = core.staticEnd() >>> 0;
  const system = core.systemBase() >>> 0;
  assert(system > 0, 'the core laid the memory out');
  assert(coreEnd <= base, `the core's static data ends at ${coreEnd}, ${what}' starts at ${base}`);
  assert(end > base, `${what} have static data of their own`);
  assert(end <= system, `${what}' static data ends at ${end}, below the system region at ${system}`);
  for (const [name, other] of Object.entries(others)) {
    const span = staticSpan(other);
    assert(end <= span.base || span.end <= base, `${what}' ${base}…${end} and ${name}' ${span.base}…${span.end} do not overlap`);
  }
}

/** Checks that `load` gives one instance per memory: the same to every caller over one memory, another over another. */
export async function expectOneInstancePerMemory<Kernels>(load: SideModuleLoad<Kernels>): Promise<void> {
  const first = await createWalloc({ budget: '8MB' });
  const second = await createWalloc({ budget: '8MB' });
  const kernels = await load(first);
  assert((await load(first)) === kernels, 'the same memory gets the same instance');
  assert((await load(second)) !== kernels, 'another memory gets its own');
}

/**
 * Checks that `attach` refuses with WASM_UNAVAILABLE, naming the addresses, a core whose static data reaches into
 * `kernels`' and a core whose system region is elsewhere.
 */
export async function expectMisfitRefused<Kernels extends SideModuleExports>(core: CoreExports, kernels: Kernels,
  attach: (core: CoreExports, kernels: Kernels) => void): Promise<void> {
  const { base } = staticSpan(kernels);
  const overlapping = await expectError(() => attach({ ...core, staticEnd: () => base + 16 }, kernels), 'WASM_UNAVAILABLE');
  assert(overlapping.message.includes(`${base}`), overlapping.message);
  const elsewhere = (core.systemBase() >>> 0) * 2;
  const moved = await expectError(() => attach({ ...core, systemBase: () => elsewhere }, kernels), 'WASM_UNAVAILABLE');
  assert(moved.message.includes(`${elsewhere}`), moved.message);
  const below = await expectError(() => attach({ ...core, systemBase: () => base }, kernels), 'WASM_UNAVAILABLE');
  assert(below.message.includes('past the system region'), below.message);
}

/** Checks that `attached` (what the module's attach function returned) is the core's system region. */
export function expectSameSystemRegion(core: CoreExports, attached: number): void {
  assertEqual(attached >>> 0, core.systemBase() >>> 0, 'the core and the module find the system region at the same address');
}

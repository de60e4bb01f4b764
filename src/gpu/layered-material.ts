// Materials with glTF PBR extensions on the GPU: their extension factors and textures in group 2, and the
// colour pass's pipelines with the fragment stages of shaders/mesh-layers.wgsl. Loaded with the model chunk and
// used only by primitives whose material needs it, so core materials keep the core pipelines.

import layersWGSL from '../../shaders/mesh-layers.wgsl?raw';
import type { MaterialExtensionData, TextureRef } from '../assets/model-data.js';
import type { OpaqueCapture, PrimitiveLayeredDraw } from './model.js';
import { TransmissionPass } from './transmission-pass.js';
import { ColourPassPipelines } from './colour-pass-pipelines.js';

/** The capture of the opaque colour, for models with transmissive materials (GpuModel.createOpaqueCapture). */
export function createOpaqueCapture(device: GPUDevice, label: string): OpaqueCapture {
  return new TransmissionPass(device, label);
}

/** How the extension textures are looked up: the view of a texture reference, as colour (sRGB) or data. */
export type LayerTextureView = (ref: TextureRef | null, srgb: boolean) => GPUTextureView | undefined;

const LAYERS_BYTES =
  4 * 4 + //      clearcoat factor, roughness
  4 * 4 + //      specular colour, specular factor
  4 * 4 + //      sheen colour, roughness
  4 * 4 + //      ior, transmission, textures bound, 0
  7 * 2 * 4 * 4; // seven UV transforms, two rows each

const TEXTURE_COUNT = 7;

interface DeviceParts {
  layout: GPUBindGroupLayout;
  /** Bound where no texture is: white for factors, black where no opaque colour was captured. */
  white: GPUTexture;
  black: GPUTexture;
  sampler: GPUSampler;
}

const deviceParts = new WeakMap<GPUDevice, DeviceParts>();

function partsFor(device: GPUDevice): DeviceParts {
  let parts = deviceParts.get(device);
  if (parts) return parts;
  const fragment = GPUShaderStage.FRAGMENT;
  const solid = (label: string, rgba: number[]): GPUTexture => {
    const texture = device.createTexture({ label, size: [1, 1], format: 'rgba8unorm', usage: GPUTextureUsage.TEXTURE_BINDING | GPUTextureUsage.COPY_DST });
    device.queue.writeTexture({ texture }, new Uint8Array(rgba), { bytesPerRow: 4 }, [1, 1]);
    return texture;
  };
  parts = {
    layout: device.createBindGroupLayout({
      label: 'LayeredMaterial.layout',
      entries: [
        { binding: 0, visibility: fragment, buffer: { type: 'uniform' } },
        ...[1, 2, 3, 4, 5, 6, 7, 8].map((binding) => ({ binding, visibility: fragment, texture: { sampleType: 'float' as const } })),
        { binding: 9, visibility: fragment, sampler: { type: 'filtering' } },
      ],
    }),
    white: solid('LayeredMaterial.white', [255, 255, 255, 255]),
    black: solid('LayeredMaterial.black', [0, 0, 0, 255]),
    sampler: device.createSampler({ label: 'LayeredMaterial.opaqueSampler', magFilter: 'linear', minFilter: 'linear', mipmapFilter: 'linear' }),
  };
  deviceParts.set(device, parts);
  return parts;
}

/** Fragment modes, in the order of the pipelines' `fragmentEntries`. */
const OPAQUE = 0;
const BLENDED = 1;
const TRANSMISSION = 2;

const pipelines = new ColourPassPipelines({
  name: 'layered',
  code: layersWGSL,
  group2: (device) => partsFor(device).layout,
  vertexEntry: 'vs',
  moreBuffers: [],
  fragmentEntries: ['fsLayeredOpaque', 'fsLayeredBlended', 'fsLayeredTransmission'],
});

const IDENTITY_UV = [1, 0, 0, 0, 1, 0, 0, 0, 1];

/** The extension textures in the order of the shader's LAYER_* bits, and whether each holds colour. */
function textureRefs(x: MaterialExtensionData): [TextureRef | null, boolean][] {
  return [
    [x.clearcoatTexture, false], [x.clearcoatRoughnessTexture, false], [x.specularTexture, false],
    [x.specularColorTexture, true], [x.sheenColorTexture, true], [x.sheenRoughnessTexture, false], [x.transmissionTexture, false],
  ];
}

/** The uniform bytes of `x`, in the layout of `struct Layers` (shaders/mesh-layers.wgsl). */
export function layeredFloats(x: MaterialExtensionData, bound: number): Float32Array<ArrayBuffer> {
  const f = new Float32Array(LAYERS_BYTES / 4);
  f.set([x.clearcoat, x.clearcoatRoughness, 0, 0], 0);
  f.set([...x.specularColor, x.specular], 4);
  f.set([...x.sheenColor, x.sheenRoughness], 8);
  f.set([x.ior, x.transmission, bound, 0], 12);
  textureRefs(x).forEach(([ref], t) => {
    const m = ref?.transform ?? IDENTITY_UV;
    f.set([m[0]!, m[3]!, m[6]!, ref?.texCoord === 1 ? 1 : 0, m[1]!, m[4]!, m[7]!, 0], 16 + t * 8);
  });
  return f;
}

/** A material's extension data on the GPU, and how its primitives are drawn. */
export interface LayeredMaterial extends PrimitiveLayeredDraw {
  readonly gpuBytes: number;
  destroy(): void;
}

/** Uploads the extension factors of one material and returns the draw its primitives use. */
export function createLayeredMaterial(device: GPUDevice, label: string, x: MaterialExtensionData, view: LayerTextureView): LayeredMaterial {
  const parts = partsFor(device);
  const views = textureRefs(x).map(([ref, srgb]) => view(ref, srgb));
  const bound = views.reduce((bits, v, t) => (v ? bits | (1 << t) : bits), 0);
  const uniform = device.createBuffer({ label: `${label}.layers`, size: LAYERS_BYTES, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
  device.queue.writeBuffer(uniform, 0, layeredFloats(x, bound));
  const white = parts.white.createView();
  const entries: GPUBindGroupEntry[] = [
    { binding: 0, resource: { buffer: uniform } },
    ...views.map((v, t) => ({ binding: t + 1, resource: v ?? white })),
    { binding: TEXTURE_COUNT + 1, resource: parts.black.createView() },
    { binding: TEXTURE_COUNT + 2, resource: parts.sampler },
  ];
  const makeGroup = (): GPUBindGroup => device.createBindGroup({ label: `${label}.layersBindGroup`, layout: parts.layout, entries });
  let group = makeGroup();
  let groupOpaque: GPUTextureView | null = null;
  const transmissive = x.transmission > 0 || x.transmissionTexture !== null;
  return {
    transmissive,
    gpuBytes: LAYERS_BYTES,
    bindColour(pass, layouts, msaa, blended, doubleSided, opaqueColour) {
      const transmitting = transmissive && !blended && opaqueColour !== null;
      if (transmitting && opaqueColour !== groupOpaque) {
        // The captured colour is remade when the canvas changes size: the group follows it.
        entries[TEXTURE_COUNT + 1] = { binding: TEXTURE_COUNT + 1, resource: opaqueColour };
        group = makeGroup();
        groupOpaque = opaqueColour;
      }
      pass.setPipeline(pipelines.get(layouts, msaa, blended ? BLENDED : transmitting ? TRANSMISSION : OPAQUE, doubleSided));
      pass.setBindGroup(2, group);
    },
    destroy: () => uniform.destroy(),
  };
}

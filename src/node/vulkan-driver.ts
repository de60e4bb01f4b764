// Which Vulkan driver Dawn uses under Node. The `webgpu` package reaches the GPU through the Vulkan loader
// (libvulkan.so.1) on Linux; on a machine without a GPU, a software driver has to be named. SwiftShader, which
// Chromium ships beside its binary, is the one LayerW is tested with; Mesa's lavapipe in Debian 12 is too old for
// Dawn ("shaderUniform*ArrayDynamicIndexing required").
import { existsSync } from 'node:fs';
import path from 'node:path';

/** The Vulkan loader's variables that name driver manifests, newest first. */
export const DRIVER_VARIABLES = ['VK_DRIVER_FILES', 'VK_ICD_FILENAMES'] as const;

/** Folders where Chromium or Chrome keep `vk_swiftshader_icd.json`. */
const CHROMIUM_FOLDERS = ['/usr/lib/chromium', '/usr/lib64/chromium', '/usr/lib/chromium-browser', '/opt/google/chrome', '/opt/chromium'];

/**
 * The SwiftShader Vulkan driver manifest that a Chromium install carries, or null: beside `$CHROME_PATH`'s real
 * file first, then in the usual folders.
 */
export function findSwiftShaderDriver(env: NodeJS.ProcessEnv = process.env): string | null {
  const folders = env.CHROME_PATH ? [path.dirname(env.CHROME_PATH), ...CHROMIUM_FOLDERS] : CHROMIUM_FOLDERS;
  for (const folder of folders) {
    const manifest = path.join(folder, 'vk_swiftshader_icd.json');
    if (existsSync(manifest)) return manifest;
  }
  return null;
}

/** The driver manifest the environment names, if it names one. */
export function namedDriver(env: NodeJS.ProcessEnv = process.env): string | null {
  for (const name of DRIVER_VARIABLES) {
    const value = env[name];
    if (value) return `${name}=${value}`;
  }
  return null;
}

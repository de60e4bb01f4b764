// `layerw render page.html --out shot.png [--width 800] [--height 600] [--wait 0] [--verbose]`: draws the page's
// first <layerw-scene> in Node (layerw/node) and writes it as a PNG.
//
// The drawing runs in a child process whose stderr this one reads: Dawn and the Vulkan loader write their own
// diagnostics straight to the process's stderr (a missing driver gives several lines), which would bury the one
// line that says what went wrong. They are passed on with --verbose.
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { RenderOptions } from '../node/render.js';

const USAGE = 'usage: layerw render <page.html> --out <file.png> [--width <px>] [--height <px>] [--wait <ms>] [--verbose]';

/** Set in the child's environment: that process draws. */
const CHILD_VARIABLE = 'LAYERW_RENDER_CHILD';
/** Every line this command itself writes to stderr starts with this. */
const PREFIX = 'layerw render: ';

/** The built Node entry, imported by the child: it brings the DOM and Dawn with it. */
const NODE_ENTRY = new URL('../node/index.js', import.meta.url).href;
const CLI_FILE = fileURLToPath(new URL('./index.js', import.meta.url));

interface NodeEntry {
  renderFileToPNG(file: string, options: RenderOptions): Promise<Uint8Array>;
}

const NUMBER_OPTIONS = { '--width': 'width', '--height': 'height', '--wait': 'wait' } as const;

/** Runs the command; returns the exit code. Every failure is one line on stderr, never a stack trace. */
export async function render(args: string[]): Promise<number> {
  let file: string | undefined;
  let out: string | undefined;
  let verbose = false;
  const options: RenderOptions = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--out' && i + 1 < args.length) out = args[++i];
    else if (arg === '--verbose') verbose = true;
    else if (arg in NUMBER_OPTIONS && i + 1 < args.length) {
      const text = args[++i]!;
      const value = Number(text);
      if (text.trim() === '' || !Number.isFinite(value)) return fail(`${arg} needs a number, not "${text}"`);
      options[NUMBER_OPTIONS[arg as keyof typeof NUMBER_OPTIONS]] = value;
    } else if (file === undefined && !arg.startsWith('-')) file = arg;
    else return fail(`unexpected argument "${arg}"; ${USAGE}`);
  }
  if (file === undefined || out === undefined) return fail(USAGE);
  if (process.env[CHILD_VARIABLE] === '1') return draw(file, out, options);
  return inChild(args, verbose);
}

/** Runs this command again in a child process, passing on its own lines and, with `verbose`, everything else. */
function inChild(args: string[], verbose: boolean): Promise<number> {
  const child = spawn(process.execPath, [CLI_FILE, 'render', ...args], {
    env: { ...process.env, [CHILD_VARIABLE]: '1' },
    stdio: ['ignore', 'inherit', 'pipe'],
  });
  let rest = '';
  const pass = (line: string): void => {
    if (verbose || line.startsWith(PREFIX)) process.stderr.write(`${line}\n`);
  };
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (text: string) => {
    const lines = (rest + text).split('\n');
    rest = lines.pop()!;
    lines.forEach(pass);
  });
  return new Promise((resolve) => {
    child.on('error', (error) => resolve(fail(`cannot start Node: ${error.message}`)));
    child.on('close', (code, signal) => {
      if (rest) pass(rest);
      if (code === null) resolve(fail(`the drawing process ended on ${signal}`));
      else resolve(code);
    });
  });
}

async function draw(file: string, out: string, options: RenderOptions): Promise<number> {
  // The elements warn on the console about values they refuse; those follow the picture, and give way to the
  // one line of a failure.
  const warnings: string[] = [];
  console.warn = (...parts: unknown[]) => warnings.push(parts.map(String).join(' '));
  let png: Uint8Array;
  try {
    const entry = (await import(NODE_ENTRY)) as NodeEntry;
    png = await entry.renderFileToPNG(file, options);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND') {
      return fail(`${(error as Error).message.split('\n')[0]}; rendering in Node needs webgpu, happy-dom and jpeg-js installed beside layerw`);
    }
    return fail(error instanceof Error ? error.message : String(error));
  }
  try {
    await writeFile(out, png);
  } catch (error) {
    return fail(`cannot write ${out} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  for (const warning of warnings) process.stderr.write(`${PREFIX}warning: ${warning.replace(/\s*\n\s*/g, ' ')}\n`);
  // Dawn's instance would keep the process alive a while; the PNG is written.
  process.exit(0);
}

function fail(message: string): number {
  process.stderr.write(`${PREFIX}${message.replace(/\s*\n\s*/g, ' ')}\n`);
  return 1;
}

#!/usr/bin/env node
// `npx layerw <command>`: one file per command beside this one; this file only dispatches.
import { buildSystem } from './build-system.js';
import { render } from './render.js';

/** A command: gets the arguments after its name, returns the process exit code. */
type Command = (args: string[]) => Promise<number>;

const COMMANDS: Record<string, { run: Command; usage: string }> = {
  'build-system': { run: buildSystem, usage: 'build-system <file.system.ts> [--out <dir>]   compile a system file to WebAssembly' },
  render: { run: render, usage: 'render <page.html> --out <file.png> [--width <px>] [--height <px>] [--wait <ms>]   draw the page\'s first scene to a PNG' },
};

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  const command = name === undefined ? undefined : COMMANDS[name];
  if (!command) {
    if (name !== undefined && name !== '--help' && name !== 'help') process.stderr.write(`layerw: unknown command "${name}"\n`);
    process.stderr.write(`usage: layerw <command>\n${Object.values(COMMANDS).map((c) => `  layerw ${c.usage}`).join('\n')}\n`);
    return name === undefined || name === '--help' || name === 'help' ? 0 : 2;
  }
  return command.run(args);
}

process.exitCode = await main(process.argv.slice(2));

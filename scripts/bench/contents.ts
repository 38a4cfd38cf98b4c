/**
 * What a bundle holds, read from esbuild's metafile: bytes per package in the files a cold start
 * loads (the entry and its static imports) and in the lazy chunks, and the import chain that first
 * pulls each package in, so a regression names its cause.
 */
import type { Metafile } from 'esbuild';
import { staticClosure } from '../bundle';

export interface PackageBytes {
  /** npm package (`@aws-sdk/client-lambda`) or, for our code, its folder (`src/commands`). */
  name: string;
  bytes: number;
  /** Import chain from the entry to this package's first module in these files (npm packages by name). */
  chain: string[];
}

export interface BundleContents {
  /** Output files loaded at start, and all the others (chunks of dynamic imports). */
  startFiles: string[];
  lazyFiles: string[];
  atStart: PackageBytes[];
  lazy: PackageBytes[];
}

const STATIC_KINDS = new Set(['import-statement', 'require-call']);
const ALL_KINDS = new Set([...STATIC_KINDS, 'dynamic-import']);

/** The package an input path belongs to: the last node_modules segment, else the source folder. */
export function packageOf(input: string): string {
  const parts = input.split('/');
  const at = parts.lastIndexOf('node_modules');
  if (at >= 0) {
    const first = parts[at + 1] ?? input;
    return first.startsWith('@') ? `${first}/${parts[at + 2] ?? ''}` : first;
  }
  return parts.length > 1 ? parts.slice(0, -1).join('/') : input;
}

type Previous = Map<string, { from: string; lazy: boolean } | null>;

/**
 * Breadth-first from the entry module: first along static imports only, then on from there along
 * every import, so what a cold start loads is explained by a static chain. Map order is visit order.
 */
function importTree(metafile: Metafile, entryInput: string): Previous {
  const previous: Previous = new Map([[entryInput, null]]);
  for (const kinds of [STATIC_KINDS, ALL_KINDS]) {
    const queue = [...previous.keys()];
    while (queue.length > 0) {
      const current = queue.shift() as string;
      for (const imported of metafile.inputs[current]?.imports ?? []) {
        if (imported.external || !kinds.has(imported.kind) || previous.has(imported.path)) continue;
        previous.set(imported.path, { from: current, lazy: imported.kind === 'dynamic-import' });
        queue.push(imported.path);
      }
    }
  }
  return previous;
}

function chainTo(previous: Previous, input: string): string[] {
  const steps: string[] = [];
  for (let at: string | undefined = input; at !== undefined; ) {
    const step = previous.get(at);
    const label = at.includes('node_modules/') ? packageOf(at) : at;
    const shown = step?.lazy ? `${label} (lazy)` : label;
    // One package importing itself file to file is one step.
    if (steps[0] !== label && steps[0] !== `${label} (lazy)`) steps.unshift(shown);
    else if (step?.lazy) steps[0] = shown;
    at = step?.from;
  }
  return steps;
}

function sumByPackage(metafile: Metafile, files: readonly string[], previous: Previous): PackageBytes[] {
  const totals = new Map<string, { bytes: number; inputs: Set<string> }>();
  for (const file of files) {
    for (const [input, { bytesInOutput }] of Object.entries(metafile.outputs[file]?.inputs ?? {})) {
      const name = packageOf(input);
      const total = totals.get(name) ?? { bytes: 0, inputs: new Set<string>() };
      total.bytes += bytesInOutput;
      total.inputs.add(input);
      totals.set(name, total);
    }
  }
  const order = [...previous.keys()];
  return [...totals]
    .map(([name, { bytes, inputs }]) => {
      const first = order.find((input) => inputs.has(input));
      return { name, bytes, chain: first === undefined ? [] : chainTo(previous, first) };
    })
    .sort((a, b) => b.bytes - a.bytes);
}

export function bundleContents(metafile: Metafile, entryOutput: string): BundleContents {
  const startFiles = staticClosure(metafile, entryOutput);
  const lazyFiles = Object.keys(metafile.outputs).filter((file) => file.endsWith('.mjs') && !startFiles.includes(file));
  const entryInput = metafile.outputs[entryOutput]?.entryPoint;
  const previous: Previous = entryInput === undefined ? new Map() : importTree(metafile, entryInput);
  return {
    startFiles,
    lazyFiles,
    atStart: sumByPackage(metafile, startFiles, previous),
    lazy: sumByPackage(metafile, lazyFiles, previous),
  };
}

/** The chain shortened to fit a line: the entry, then the last few steps. */
export function chainText(chain: readonly string[], maxSteps = 5): string {
  const shown = chain.length > maxSteps ? [chain[0] as string, '…', ...chain.slice(-(maxSteps - 1))] : chain;
  return shown.join(' > ');
}

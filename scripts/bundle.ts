/**
 * Bundles the Lambda runtime for osls to zip: minified ES modules with code splitting, so what the
 * handlers import lazily (the DynamoDB store, the Lambda client, the scheduler) lands in chunks that a
 * `slack` cold start never reads. One CommonJS file was parsed whole on every cold start.
 * `npm run build` runs this before `osls package`/`deploy`; the bench and the deploy tests call
 * `bundleLambda` directly so they measure and package exactly what ships.
 */
import { build, type Metafile } from 'esbuild';
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadChatopsConfigFile } from '../src/config/chatops';
import { compileConfig } from '../src/config/compiled';

export const repoRoot = path.resolve(__dirname, '..');

/** The system catalog's module, as the metafile names its input; its entries/ are copied beside its output. */
export const CATALOG_MODULE = 'src/redshift/catalog/index.ts';

/** Shared and lazily imported code, beside the entry. */
export const CHUNK_DIR = 'chunks';

export interface BundleOptions {
  /** Entry module; default src/runtime/lambda.ts. */
  entry?: string;
  /** Output directory; index.mjs, chunks/ and their .map files are written here. Default .build/lambda. */
  outdir?: string;
  /**
   * chatops.yml to validate and write next to the bundle as chatops.json. Default: chatops.yml at the repo root if present,
   * else chatops.example.yml. `false` copies nothing (the bench's hello handler needs no config).
   */
  config?: string | false;
  /** Print the bundle size. Default true. */
  log?: boolean;
}

export interface BundleResult {
  /** The entry module (index.mjs), absolute. */
  outfile: string;
  /** Every JavaScript file written (entry and chunks), absolute. */
  files: string[];
  /** All JavaScript written, entry and chunks. */
  bytes: number;
  /** What loading the entry reads before its first line runs: the entry and the chunks it imports statically. */
  startBytes: number;
  mapBytes: number;
  /** esbuild's account of every output and the inputs in it (scripts/bench/contents.ts reads it). */
  metafile: Metafile;
  /** Where the config was copied, if it was. */
  configFile?: string;
}

/** The bundle cannot be built as asked (a missing entry or config); the message says which file. */
export class BundleError extends Error {
  override readonly name = 'BundleError';
}

/**
 * CommonJS packages inside an ES module bundle still call require() for Node's built-ins, and ES
 * modules have no `require`; this gives each output file one. Long names, so no minified one clashes.
 */
const REQUIRE_BANNER =
  "import{createRequire as __chatopsCreateRequire}from'node:module';const require=__chatopsCreateRequire(import.meta.url);";

function defaultConfig(): string {
  const own = path.join(repoRoot, 'chatops.yml');
  if (existsSync(own)) return own;
  const example = path.join(repoRoot, 'chatops.example.yml');
  if (existsSync(example)) return example;
  throw new BundleError(`no chatops.yml or chatops.example.yml in ${repoRoot}; create one before bundling`);
}

export function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(2)} MiB` : `${(bytes / 1024).toFixed(1)} KiB`;
}

/** The output files an import of `entry` loads before running: the entry and its static imports, transitively. */
export function staticClosure(metafile: Metafile, entry: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    const output = metafile.outputs[file];
    if (output === undefined) return;
    seen.add(file);
    for (const imported of output.imports) {
      if (imported.kind === 'import-statement' && !imported.external) visit(imported.path);
    }
  };
  visit(entry);
  return [...seen];
}

export async function bundleLambda(options: BundleOptions = {}): Promise<BundleResult> {
  const entry = path.resolve(repoRoot, options.entry ?? 'src/runtime/lambda.ts');
  const outdir = path.resolve(repoRoot, options.outdir ?? '.build/lambda');
  if (!existsSync(entry)) throw new BundleError(`entry ${entry} does not exist`);
  const config = options.config === false ? undefined : path.resolve(repoRoot, options.config ?? defaultConfig());
  if (config !== undefined && !existsSync(config)) throw new BundleError(`config ${config} does not exist`);

  // Start clean so a stale file (a chunk of an older build) never ends up in the zip.
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  const { metafile } = await build({
    // index.mjs: serverless.yml's handler `.build/lambda/index.slack` resolves to it (there is no index.js).
    entryPoints: { index: entry },
    outdir,
    // Metafile paths are relative to the working directory; pin it so they are stable.
    absWorkingDir: repoRoot,
    bundle: true,
    platform: 'node',
    target: 'node22',
    // ES modules: splitting puts every dynamic import() in its own chunk, loaded when first called.
    format: 'esm',
    splitting: true,
    outExtension: { '.js': '.mjs' },
    chunkNames: `${CHUNK_DIR}/[name]-[hash]`,
    banner: { js: REQUIRE_BANNER },
    // ES modules have no __dirname; the system catalog reads its entries beside its module (copied below).
    define: { __dirname: 'import.meta.dirname' },
    minify: true,
    sourcemap: 'external',
    // Stack traces need only the mappings; the sources would triple the .map for nothing.
    sourcesContent: false,
    legalComments: 'none',
    // Native addon: only the server runtime loads it (lazily); Lambda state lives in DynamoDB.
    external: ['better-sqlite3'],
    // Prefer packages' ES builds where they ship one (the AWS SDK does): esbuild can drop their
    // unused exports, which cut the bundle by ~10% and cold start by ~15% in `npm run bench`.
    mainFields: ['module', 'main'],
    metafile: true,
    logLevel: 'warning',
  });

  let configFile: string | undefined;
  if (config !== undefined) {
    // Validated here, so a bad chatops.yml fails the build; Lambda reads the result as plain JSON.
    configFile = path.join(outdir, 'chatops.json');
    writeFileSync(configFile, compileConfig(loadChatopsConfigFile(config), path.basename(config)));
  }
  const outputs = Object.entries(metafile.outputs);
  // The system catalog (`/redshift doctor`'s database checks) reads entries/ beside the file that holds it.
  const catalogOutput = outputs.find(([file, output]) => file.endsWith('.mjs') && CATALOG_MODULE in output.inputs)?.[0];
  if (catalogOutput !== undefined) {
    cpSync(path.join(repoRoot, path.dirname(CATALOG_MODULE), 'entries'), path.join(repoRoot, path.dirname(catalogOutput), 'entries'), { recursive: true });
  }
  const entryKey = outputs.find(([, output]) => output.entryPoint !== undefined && path.resolve(repoRoot, output.entryPoint) === entry)?.[0];
  if (entryKey === undefined) throw new BundleError(`esbuild wrote no output for ${entry}`);
  const sizeOf = (file: string): number => metafile.outputs[file]?.bytes ?? 0;
  const scripts = outputs.filter(([file]) => file.endsWith('.mjs')).map(([file]) => file);
  const result: BundleResult = {
    outfile: path.resolve(repoRoot, entryKey),
    files: scripts.map((file) => path.resolve(repoRoot, file)),
    bytes: scripts.reduce((sum, file) => sum + sizeOf(file), 0),
    startBytes: staticClosure(metafile, entryKey).reduce((sum, file) => sum + sizeOf(file), 0),
    mapBytes: outputs.filter(([file]) => file.endsWith('.map')).reduce((sum, [, output]) => sum + output.bytes, 0),
    metafile,
    configFile,
  };
  if (options.log ?? true) {
    const shown = path.relative(process.cwd(), result.outfile) || result.outfile;
    console.log(
      `bundle: ${shown} loads ${formatBytes(result.startBytes)} at start; ${formatBytes(result.bytes)} in ${scripts.length} files ` +
        `(source maps ${formatBytes(result.mapBytes)})`,
    );
    if (configFile !== undefined) console.log(`config: ${path.relative(repoRoot, config ?? '')} -> ${path.relative(process.cwd(), configFile)}`);
  }
  return result;
}

if (require.main === module) {
  bundleLambda().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}

/**
 * Bundles the Lambda runtime into one minified CommonJS file for osls to zip.
 * `npm run build` runs this before `osls package`/`deploy`; the bench and the deploy tests call
 * `bundleLambda` directly so they measure and package exactly what ships.
 */
import { build } from 'esbuild';
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadChatopsConfigFile } from '../src/config/chatops';
import { compileConfig } from '../src/config/compiled';

export const repoRoot = path.resolve(__dirname, '..');

export interface BundleOptions {
  /** Entry module; default src/runtime/lambda.ts. */
  entry?: string;
  /** Output directory; index.js and index.js.map are written here. Default .build/lambda. */
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
  outfile: string;
  bytes: number;
  mapBytes: number;
  /** Where the config was copied, if it was. */
  configFile?: string;
}

/** The bundle cannot be built as asked (a missing entry or config); the message says which file. */
export class BundleError extends Error {
  override readonly name = 'BundleError';
}

function defaultConfig(): string {
  const own = path.join(repoRoot, 'chatops.yml');
  if (existsSync(own)) return own;
  const example = path.join(repoRoot, 'chatops.example.yml');
  if (existsSync(example)) return example;
  throw new BundleError(`no chatops.yml or chatops.example.yml in ${repoRoot}; create one before bundling`);
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(2)} MiB` : `${(bytes / 1024).toFixed(1)} KiB`;
}

export async function bundleLambda(options: BundleOptions = {}): Promise<BundleResult> {
  const entry = path.resolve(repoRoot, options.entry ?? 'src/runtime/lambda.ts');
  const outdir = path.resolve(repoRoot, options.outdir ?? '.build/lambda');
  if (!existsSync(entry)) throw new BundleError(`entry ${entry} does not exist`);
  const config = options.config === false ? undefined : path.resolve(repoRoot, options.config ?? defaultConfig());
  if (config !== undefined && !existsSync(config)) throw new BundleError(`config ${config} does not exist`);

  // Start clean so a stale file from an older build never ends up in the zip.
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  const outfile = path.join(outdir, 'index.js');
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
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
    logLevel: 'warning',
  });

  let configFile: string | undefined;
  if (config !== undefined) {
    // Validated here, so a bad chatops.yml fails the build; Lambda reads the result as plain JSON.
    configFile = path.join(outdir, 'chatops.json');
    writeFileSync(configFile, compileConfig(loadChatopsConfigFile(config), path.basename(config)));
  }
  const result: BundleResult = {
    outfile,
    bytes: statSync(outfile).size,
    mapBytes: statSync(`${outfile}.map`).size,
    configFile,
  };
  if (options.log ?? true) {
    const shown = path.relative(process.cwd(), outfile) || outfile;
    console.log(`bundle: ${shown} ${formatBytes(result.bytes)} (source map ${formatBytes(result.mapBytes)})`);
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

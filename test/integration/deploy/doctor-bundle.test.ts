import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { bundleLambda, CATALOG_MODULE, repoRoot, staticClosure, type BundleResult } from '../../../scripts/bundle';

const run = promisify(execFile);

/**
 * `/redshift doctor` runs in the Lambda worker, from the bundle: its job's chunk must load there and
 * find what it reads. better-sqlite3 is a native addon the Lambda zip leaves out (state lives in
 * DynamoDB), so it may only be imported lazily; the system catalog its database checks read is
 * copied beside the chunk that holds it.
 */
describe('the Lambda bundle holds what /redshift doctor needs', () => {
  let bundle: BundleResult;
  beforeAll(async () => {
    bundle = await bundleLambda({ outdir: '.build/test/doctor-bundle', log: false });
  }, 120_000);

  const relative = (file: string) => path.relative(repoRoot, file).split(path.sep).join('/');
  const holding = (input: string) =>
    Object.keys(bundle.metafile.outputs).find((file) => file.endsWith('.mjs') && input in (bundle.metafile.outputs[file]?.inputs ?? {}));

  it("the doctor job's chunk, and everything it loads with it, never import better-sqlite3 statically", () => {
    const outputs = bundle.metafile.outputs;
    const chunk = holding('src/features/doctor/doctor-job.ts');
    expect(chunk).toBeDefined();
    const staticAddon = staticClosure(bundle.metafile, chunk ?? '').filter((file) =>
      (outputs[file]?.imports ?? []).some((imported) => imported.path === 'better-sqlite3' && imported.kind === 'import-statement'),
    );
    expect(staticAddon.map(relative)).toEqual([]);
  });

  it('copies every system catalog entry beside the chunk that reads them', () => {
    const chunk = holding(CATALOG_MODULE);
    expect(chunk).toBeDefined();
    const source = readdirSync(path.join(repoRoot, 'src', 'redshift', 'catalog', 'entries')).filter((file) => file.endsWith('.json'));
    const copied = readdirSync(path.join(repoRoot, path.dirname(chunk ?? ''), 'entries')).filter((file) => file.endsWith('.json'));
    expect(copied.sort()).toEqual(source.sort());
  });

  it("keeps the doctor's code from widening what a cold start loads of zod (its catalog uses zod/mini, as the bot does)", () => {
    // Shared modules land in a chunk the entry loads: a lazy chunk using the full API would pull zod's locales and compiler in.
    const entry = relative(bundle.outfile);
    const atStart = staticClosure(bundle.metafile, entry).flatMap((file) => Object.keys(bundle.metafile.outputs[file]?.inputs ?? {}));
    expect(atStart.filter((input) => /node_modules\/zod\/v4\/(locales\/|core\/(compile|to-json-schema|json-schema))/.test(input))).toEqual(
      [],
    );
  });

  it("the doctor job's chunk loads under node as an ES module", async () => {
    const chunk = path.resolve(repoRoot, holding('src/features/doctor/doctor-job.ts') ?? '');
    const script = `await import(${JSON.stringify(pathToFileURL(chunk).href)}); console.log('loaded');`;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: repoRoot, timeout: 60_000 });
    expect(stdout.trim()).toBe('loaded');
  }, 60_000);
});

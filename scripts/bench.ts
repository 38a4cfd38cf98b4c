/**
 * `npm run bench [-- section …]`: prints figures beside their budgets; asserts nothing.
 * Each section is an entry of `sections`; later issues add theirs to the list.
 */
import os from 'node:os';
import path from 'node:path';
import { startSlackStandIn, type SlackStandIn } from '../src/sandbox/slack/server';
import { bundleContents, chainText } from './bench/contents';
import type { ProbeResult } from './bench/probe';
import { runProbe, statusSummary } from './bench/probe-run';
import { median, mib, ms, percentile, table, verdict } from './bench/stats';
import { vacuumAdvisor } from './bench/vacuum';
import { costReport } from './bench/cost';
import { coldPath } from './bench/cold-path';
import { burst } from './bench/burst-section';
import { bundleLambda, formatBytes, repoRoot, type BundleResult } from './bundle';

export interface BenchContext {
  /** Local Slack Web API; every handler under test gets it as SLACK_API_URL. */
  standIn: SlackStandIn;
  /** Builds (once) and returns a bundle; later sections reuse earlier builds. */
  bundle(name: BundleName): Promise<BundleResult>;
  /**
   * Spawns a fresh `node` running the probe against a bundle; see scripts/bench/probe.ts. `env` is
   * laid over the handler's environment (a section's own store, endpoints or command text).
   */
  probe(name: ProbeTarget, mode: 'cold' | 'warm', count?: number, env?: NodeJS.ProcessEnv): Promise<ProbeResult>;
}

export interface BenchSection {
  name: string;
  /** One line printed under the heading: what is measured and how. */
  description: string;
  run(context: BenchContext): Promise<void>;
}

/** The handlers a probe can load: ours, and the minimal Bolt apps they are measured against. */
export type ProbeTarget = 'ours' | 'hello' | 'hello-write';
type BundleName = ProbeTarget | 'probe';

// Odd, and enough that one slow run (the machine is shared) moves neither median.
const COLD_RUNS = 9;
const WARM_EVENTS = 500;
const COLD_RATIO_BUDGET = 1.2;
const WARM_P99_BUDGET_MS = 20;
const SIGNING_SECRET = 'bench-signing-secret';

const bundleSpecs: Record<BundleName, Parameters<typeof bundleLambda>[0]> = {
  // Our slack handler with a copy of chatops.example.yml next to it, as the Lambda zip has.
  ours: { outdir: '.build/bench/ours', config: 'chatops.example.yml', log: false },
  hello: { entry: 'scripts/bench/hello.ts', outdir: '.build/bench/hello', config: false, log: false },
  'hello-write': { entry: 'scripts/bench/hello-write.ts', outdir: '.build/bench/hello-write', config: false, log: false },
  probe: { entry: 'scripts/bench/probe.ts', outdir: '.build/bench/probe', config: false, log: false },
};

/** What the Lambda environment would hold, pointed at local stand-ins so nothing leaves the machine. */
function handlerEnv(standIn: SlackStandIn, ours: BundleResult): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_BOT_TOKEN: 'xoxb-bench-token',
    SLACK_API_URL: standIn.apiUrl,
    CHATOPS_CONFIG: ours.configFile,
    // `help` must not touch the store; a call would hit the dead endpoint below and show as an error.
    CHATOPS_STORE: 'dynamodb:bench',
    CHATOPS_WORKER_FUNCTION: 'bench-worker',
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
    AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}

const coldStart: BenchSection = {
  name: 'cold-start',
  description: `fresh node per invocation, N=${COLD_RUNS} each, one signed \`/redshift help\` (API Gateway v2); medians`,
  async run(context) {
    const [ours, hello] = [await context.bundle('ours'), await context.bundle('hello')];
    const runs: Record<'ours' | 'hello', ProbeResult[]> = { ours: [], hello: [] };
    // Alternate so drift in machine load hits both alike.
    for (let i = 0; i < COLD_RUNS; i += 1) {
      runs.hello.push(await context.probe('hello', 'cold'));
      runs.ours.push(await context.probe('ours', 'cold'));
    }
    const row = (name: 'ours' | 'hello', bundle: BundleResult): string[] => {
      const results = runs[name];
      return [
        name,
        mib(bundle.startBytes),
        mib(bundle.bytes),
        ms(median(results.map((r) => r.totalMs))),
        ms(median(results.map((r) => r.requireMs))),
        ms(median(results.map((r) => r.firstEventMs))),
        mib(median(results.map((r) => r.maxRssBytes))),
        statusSummary(results),
      ];
    };
    console.log(
      table([
        ['handler', 'loaded at start', 'bundle (all files)', 'start→response', 'load', 'first event', 'peak RSS', 'status'],
        row('hello', hello),
        row('ours', ours),
      ]),
    );
    const ratio = median(runs.ours.map((r) => r.totalMs)) / median(runs.hello.map((r) => r.totalMs));
    const rssRatio = median(runs.ours.map((r) => r.maxRssBytes)) / median(runs.hello.map((r) => r.maxRssBytes));
    console.log(`runs (start→response): hello ${runs.hello.map((r) => r.totalMs.toFixed(0)).join(', ')} ms; ours ${runs.ours.map((r) => r.totalMs.toFixed(0)).join(', ')} ms`);
    console.log(`ours/hello: ${ratio.toFixed(2)}x time (budget <= ${COLD_RATIO_BUDGET}x: ${verdict(ratio <= COLD_RATIO_BUDGET)}), ${rssRatio.toFixed(2)}x peak RSS`);
    console.log(`ours answered: ${JSON.stringify(runs.ours[0]?.firstBody ?? '')}`);
  },
};

const warmAck: BenchSection = {
  name: 'warm-ack',
  description: `one process, ${WARM_EVENTS} sequential signed \`/redshift help\` events to our slack handler after the first`,
  async run(context) {
    const result = await context.probe('ours', 'warm', WARM_EVENTS);
    const p50 = percentile(result.samplesMs, 50);
    const p99 = percentile(result.samplesMs, 99);
    console.log(
      `ack p50 ${ms(p50)}, p99 ${ms(p99)}, max ${ms(Math.max(...result.samplesMs))} ` +
        `(budget p99 <= ${WARM_P99_BUDGET_MS} ms: ${verdict(p99 <= WARM_P99_BUDGET_MS)}); ` +
        `status ${statusSummary([result])}; peak RSS ${mib(result.maxRssBytes)}`,
    );
  },
};

const TOP_PACKAGES = 15;

const bundleContentsSection: BenchSection = {
  name: 'bundle-contents',
  description: 'the slack bundle by package (esbuild metafile): what a cold start loads, beside hello, and the lazy chunks',
  async run(context) {
    const [ours, hello] = [await context.bundle('ours'), await context.bundle('hello')];
    const entryOf = (bundle: BundleResult): string => path.relative(repoRoot, bundle.outfile);
    const mine = bundleContents(ours.metafile, entryOf(ours));
    const base = bundleContents(hello.metafile, entryOf(hello));
    const baseBytes = new Map(base.atStart.map((p) => [p.name, p.bytes]));
    const kib = (bytes: number | undefined): string => (bytes === undefined ? '-' : formatBytes(bytes));
    console.log(`loaded at start: ours ${formatBytes(ours.startBytes)} in ${mine.startFiles.length} files; hello ${formatBytes(hello.startBytes)} in ${base.startFiles.length}`);
    console.log(
      table([
        ['package (at start)', 'ours', 'hello', 'first reached by'],
        ...mine.atStart.slice(0, TOP_PACKAGES).map((p) => [p.name, kib(p.bytes), kib(baseBytes.get(p.name)), chainText(p.chain)]),
      ]),
    );
    const added = mine.atStart
      .map((p) => ({ name: p.name, bytes: p.bytes - (baseBytes.get(p.name) ?? 0) }))
      .filter((p) => p.bytes >= 1024)
      .sort((a, b) => b.bytes - a.bytes);
    console.log(`ours over hello at start: ${added.map((p) => `${p.name} +${kib(p.bytes)}`).join(', ') || 'nothing over 1 KiB'}`);
    console.log(`\nlazy chunks (${mine.lazyFiles.length} files, ${formatBytes(ours.bytes - ours.startBytes)}), read only when first imported:`);
    console.log(
      table([
        ['package (lazy)', 'bytes', 'first reached by (the first lazy step is marked)'],
        ...mine.lazy.slice(0, TOP_PACKAGES).map((p) => [p.name, kib(p.bytes), chainText(p.chain)]),
      ]),
    );
  },
};

/** In run order. Add new sections here. */
export const sections: BenchSection[] = [coldStart, warmAck, bundleContentsSection, vacuumAdvisor, costReport, coldPath, burst];

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((name) => !sections.some((s) => s.name === name));
  if (unknown.length > 0) {
    console.error(`unknown section(s) ${unknown.join(', ')}; known: ${sections.map((s) => s.name).join(', ')}`);
    process.exitCode = 2;
    return;
  }
  const chosen = wanted.length === 0 ? sections : sections.filter((s) => wanted.includes(s.name));
  console.log(`redshift-chatops bench: node ${process.version}, ${os.platform()} ${os.arch()}, ${os.cpus()[0]?.model ?? 'cpu?'} ×${os.cpus().length}`);
  console.log('(Lambda runs nodejs22.x on arm64; compare figures run to run on one machine, not to Lambda.)');

  const standIn = await startSlackStandIn();
  const built = new Map<BundleName, Promise<BundleResult>>();
  const bundle = (name: BundleName): Promise<BundleResult> => {
    let pending = built.get(name);
    if (pending === undefined) {
      pending = bundleLambda(bundleSpecs[name]);
      built.set(name, pending);
    }
    return pending;
  };
  const context: BenchContext = {
    standIn,
    bundle,
    async probe(name, mode, count = 0, extraEnv = {}) {
      const [target, probe, ours] = [await bundle(name), await bundle('probe'), await bundle('ours')];
      const env = {
        ...handlerEnv(standIn, ours),
        BENCH_BUNDLE: target.outfile,
        BENCH_MODE: mode,
        BENCH_COUNT: String(count),
        BENCH_RESPONSE_URL: standIn.newResponseUrl(),
        ...extraEnv,
      };
      return runProbe(probe.outfile, env);
    },
  };

  try {
    for (const section of chosen) {
      console.log(`\n## ${section.name}: ${section.description}`);
      try {
        await section.run(context);
      } catch (error) {
        // One broken section (say, a file another issue has not landed yet) leaves the rest to run.
        process.exitCode = 1;
        console.log(`section failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    const calls = standIn.calls.map((call) => call.method);
    const counts = [...new Set(calls)].map((method) => `${method}×${calls.filter((m) => m === method).length}`);
    console.log(`\nSlack Web API calls during the bench: ${counts.join(' ') || 'none'}`);
    console.log(`bundles under ${path.relative(process.cwd(), path.join(repoRoot, '.build/bench')) || '.build/bench'}`);
  } finally {
    await standIn.close();
  }
}

if (require.main === module) {
  void main();
}

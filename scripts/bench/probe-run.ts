/** Spawning the probe (scripts/bench/probe.ts) in a fresh `node` and reading back its result. */
import { spawn } from 'node:child_process';
import type { ProbeResult } from './probe';

export function runProbe(probeFile: string, env: NodeJS.ProcessEnv): Promise<ProbeResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [probeFile], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => {
      const line = stdout.split('\n').find((l) => l.startsWith('BENCH_RESULT '));
      if (code !== 0 || line === undefined) {
        reject(new Error(`probe exited ${code}:\n${stderr.trim() || stdout.trim()}`));
        return;
      }
      resolve(JSON.parse(line.slice('BENCH_RESULT '.length)) as ProbeResult);
    });
  });
}

/** `200×9`: the status codes of every response the probes saw. */
export function statusSummary(results: readonly ProbeResult[]): string {
  const totals: Record<string, number> = {};
  for (const result of results) {
    for (const [code, n] of Object.entries(result.statusCodes)) totals[code] = (totals[code] ?? 0) + n;
  }
  return Object.entries(totals)
    .map(([code, n]) => `${code}×${n}`)
    .join(' ');
}

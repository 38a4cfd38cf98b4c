import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LogLevel } from '@slack/bolt';
import { loadConfig } from '../../../src/config/load';
import { startSandbox, type RunningSandbox } from '../../../src/runtime/sandbox';

const ROOT = join(__dirname, '..', '..', '..');

/**
 * The sandbox `npm start` runs, in this process, on free ports, with chatops.example.yml. Schedules
 * run only when a test moves the clock, so nothing happens behind a test's back. Without a
 * `stateDir` it runs in a temporary one that cleanUp removes, unsaved.
 */
export async function startTestSandbox(
  options: { stateDir?: string; fresh?: boolean; port?: number } = {},
): Promise<RunningSandbox & { cleanUp(): Promise<void> }> {
  const stateDir = options.stateDir ?? mkdtempSync(join(tmpdir(), 'chatops-sandbox-'));
  const config = await loadConfig(join(ROOT, 'chatops.example.yml'));
  // Statements stay asynchronous, as in `npm start`, but take 20 ms rather than the sandbox's 400 so the tests stay fast.
  const sandbox = await startSandbox({
    config,
    port: options.port ?? 0,
    stateDir,
    fresh: options.fresh,
    tickMs: 24 * 3_600_000,
    logLevel: LogLevel.ERROR,
    statementMs: 20,
  });
  return {
    ...sandbox,
    async cleanUp() {
      await sandbox.stop({ save: options.stateDir !== undefined });
      if (options.stateDir === undefined) rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

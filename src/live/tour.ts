import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChatopsConfig } from '../config/chatops';
import type { CheckResult } from '../doctor/types';
import type { AwsClientSettings } from '../redshift/clients';
import { lazyAws } from '../runtime/aws';
import { grantSteps } from './grant-step';
import type { TourOptions } from './options';
import { readSteps } from './read-steps';
import { snapshotSteps } from './snapshot-step';
import { tourConfigYaml } from './tour-config';
import { startTourWorld } from './tour-world';

/** How long a read-only report may take to answer (the Data API on a busy warehouse included). */
const READ_WAIT_MS = 3 * 60_000;

/**
 * The bot, run on the team's own account, doing what its users do: the read-only reports on each
 * target, then, only when asked for by name, a snapshot made and deleted and a short grant given and
 * taken back. Slack is the local stand-in and the store a temporary file, both gone at the end.
 */
export async function runTour(team: ChatopsConfig, options: TourOptions, settings: AwsClientSettings = {}): Promise<CheckResult[]> {
  const { parseChatopsConfig } = await import('../config/chatops');
  const config = parseChatopsConfig(tourConfigYaml(team, options), 'the live tour configuration');
  const dir = mkdtempSync(join(tmpdir(), 'chatops-live-'));
  // The bot's calls are recorded to judge each step; the tour checks outcomes with its own clients.
  const own = lazyAws(config, settings);
  const world = await startTourWorld(config, lazyAws(config, settings), dir);
  const waitMs = options.waitMinutes * 60_000;
  try {
    const results = await readSteps(world, options.targets ?? Object.keys(config.targets), Math.min(READ_WAIT_MS, waitMs));
    if (options.snapshot !== undefined)
      results.push(...(await snapshotSteps(world, options.snapshot, own.warehouses.get(options.snapshot), waitMs)));
    if (options.grant !== undefined) {
      const role = config.access.roles[options.grant.role];
      results.push(...(await grantSteps(world, config, own.sql, { ...options.grant, mode: role?.mode ?? 'role' }, waitMs)));
    }
    return results;
  } finally {
    await world.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

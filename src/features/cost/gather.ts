import { probeSystemAccess, systemAccessFrom, type SystemAccess } from '../../redshift/visibility';
import { failureText } from '../shared/failure';
import type { Missing, WarehouseFacts } from './costs';
import { observeCluster } from './states';
import { withKeptUsage } from './usage-history';
import { dailyUsage, storedMb, type DailyUsage, type UsageReader } from './usage';
import { blindSpots, type Blind } from './visibility';
import type { WorkContext } from '../types';

/**
 * The control plane and the bot's observations for one target, plus its daily usage, old days kept
 * by the bot included (I/O). First it asks what the bot's database identity can see; a figure from a
 * view that hides rows from it is not read and not counted, and a read that fails leaves only its
 * own figure out.
 */

/** Only `execute` of the Data API: every cost read is one small statement. */
export type CostContext = Pick<WorkContext, 'config' | 'store' | 'clock' | 'warehouses'> & UsageReader;

export interface Gathered {
  facts: WarehouseFacts;
  usage: DailyUsage[];
  /** The warehouse's own state word (available, paused, …). */
  state: string;
  /** Whether SQL could be run (a paused cluster answers none). */
  queryable: boolean;
  baseRpu?: number;
  /** Who the bot is in the warehouse; undefined when it answers no SQL. */
  access?: SystemAccess;
  /** What that identity cannot see in full. */
  blind: Blind;
}

const PAUSED_STATES = new Set(['paused', 'pausing']);

/** Who the bot is; when even that cannot be read, the least access is assumed (never a superuser). */
async function accessOf(context: CostContext, targetName: string): Promise<{ access: SystemAccess; note?: string }> {
  try {
    return { access: await probeSystemAccess(context.sql, context.config.targets[targetName]) };
  } catch (error) {
    return { access: systemAccessFrom([]), note: `what the bot's database identity may see could not be read (${failureText(error)})` };
  }
}

/** Runs one read; a failure becomes the reason its figure is missing. */
interface Attempt<T> {
  value?: T;
  error?: string;
}

async function attempt<T>(read: () => Promise<T>): Promise<Attempt<T>> {
  try {
    return { value: await read() };
  } catch (error) {
    return { error: `could not be read: ${failureText(error)}` };
  }
}

export async function gather(context: CostContext, targetName: string, from: number, to: number): Promise<Gathered> {
  const target = context.config.targets[targetName];
  const status = await context.warehouses.get(targetName).status();
  const now = context.clock.now();
  const queryable = status.available;
  const probed = queryable ? await accessOf(context, targetName) : undefined;
  const blind: Blind = probed ? blindSpots(probed.access, target.kind) : {};
  if (probed?.note) for (const key of ['spectrum', 'serverless', 'storage', 'history', 'models'] as const) blind[key] ??= probed.note;
  const missing: Missing = {};

  if (target.kind === 'serverless') {
    let fresh: DailyUsage[] = [];
    if (blind.serverless !== undefined) {
      missing.serverless = blind.serverless;
      missing.storage = blind.storage ?? blind.serverless;
    } else if (queryable) {
      const read = await attempt(() => dailyUsage(context, target, from, to));
      fresh = read.value ?? [];
      if (read.error !== undefined) missing.serverless = missing.storage = read.error;
    }
    const usage = await withKeptUsage(context.store, targetName, fresh, from, to, now);
    return {
      facts: { kind: 'serverless', changes: [], pausedNow: false, missing },
      usage,
      state: status.state,
      queryable,
      baseRpu: status.baseRpu,
      ...(probed ? { access: probed.access } : {}),
      blind,
    };
  }

  const paused = PAUSED_STATES.has(status.state.toLowerCase());
  let fresh: DailyUsage[] = [];
  let size: number | undefined;
  if (queryable) {
    const hidden = <T>(reason: string): Promise<Attempt<T>> => Promise.resolve({ error: reason });
    const [spectrum, stored] = await Promise.all([
      blind.spectrum === undefined ? attempt(() => dailyUsage(context, target, from, to)) : hidden<DailyUsage[]>(blind.spectrum),
      blind.storage === undefined ? attempt(() => storedMb(context, target)) : hidden<number>(blind.storage),
    ]);
    fresh = spectrum.value ?? [];
    size = stored.value;
    if (spectrum.error !== undefined) missing.spectrum = spectrum.error;
    if (stored.error !== undefined) missing.storage = stored.error;
  }
  const usage = await withKeptUsage(context.store, targetName, fresh, from, to, now);
  const history = await observeCluster(context.store, targetName, now, paused, size);
  return {
    facts: { kind: 'provisioned', nodeType: status.nodeType, nodes: status.nodes, changes: history.changes, pausedNow: paused, storageMb: history.storageMb, missing },
    usage,
    state: status.state,
    queryable,
    ...(probed ? { access: probed.access } : {}),
    blind,
  };
}

import type { WorkContext } from '../../jobs/types';
import type { WarehouseFacts } from './costs';
import { observeCluster } from './states';
import { withKeptUsage } from './usage-history';
import { dailyUsage, storedMb, type DailyUsage, type UsageReader } from './usage';

/** The control plane and the bot's observations for one target, plus its daily usage, old days kept by the bot included (I/O). */

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
}

const PAUSED_STATES = new Set(['paused', 'pausing']);

export async function gather(context: CostContext, targetName: string, from: number, to: number): Promise<Gathered> {
  const target = context.config.targets[targetName];
  const status = await context.warehouses.get(targetName).status();
  const now = context.clock.now();
  if (target.kind === 'serverless') {
    const fresh = status.available ? await dailyUsage(context, target, from, to) : [];
    const usage = await withKeptUsage(context.store, targetName, fresh, from, to, now);
    return {
      facts: { kind: 'serverless', changes: [], pausedNow: false },
      usage,
      state: status.state,
      queryable: status.available,
      baseRpu: status.baseRpu,
    };
  }
  const paused = PAUSED_STATES.has(status.state.toLowerCase());
  const queryable = status.available;
  const [fresh, size] = queryable ? await Promise.all([dailyUsage(context, target, from, to), storedMb(context, target)]) : [[], undefined];
  const usage = await withKeptUsage(context.store, targetName, fresh, from, to, now);
  const history = await observeCluster(context.store, targetName, now, paused, size);
  return {
    facts: { kind: 'provisioned', nodeType: status.nodeType, nodes: status.nodes, changes: history.changes, pausedNow: paused, storageMb: history.storageMb },
    usage,
    state: status.state,
    queryable,
  };
}

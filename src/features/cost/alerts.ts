import type { TaskRun } from '../../jobs/scheduler';
import { messageOf } from '../../jobs/runner';
import { failureText } from '../shared/failure';
import { budgetAlert, idleAlert, type AlertMessage } from './alert-text';
import { alertKey, budgetUses, reached, type BudgetUse } from './budgets';
import { dailyCosts, sumDays, type DayCost } from './costs';
import { gather, type Gathered } from './gather';
import { DAY_MS, HOUR_MS, nodeUsd } from './model';
import { startOfDay, startOfMonth, startOfNextMonth, type Window } from './periods';
import { answerableUses } from './report';
import { limitForBudget } from './usage-limit';
import { lastUserQuery, topUsage } from './usage';
import type { WorkContext } from '../types';

/**
 * The `cost.budgets` task: each budget of each target against its spend, and each provisioned
 * cluster against the idle limit. Every alert is claimed first with a conditional create keyed by
 * target, budget, period and threshold, so repeated, doubled and late ticks post it once. A claim
 * whose message never got posted (the process died) is posted by a later tick.
 */
export const ALERT_KIND = 'cost-alert';
/** A claimed alert not yet marked posted is posted again after this long. */
export const REPOST_AFTER_MS = 5 * 60_000;
/** Claims outlive the longest period they guard (a month). */
const ALERT_RETENTION_MS = 62 * DAY_MS;
/** A tick this soon after midnight (UTC) also checks the day before, so a late tick still alerts on it, once. */
export const LATE_GRACE_MS = 6 * HOUR_MS;

export interface AlertRecord {
  target: string;
  /** `posting` until the message is in the channel; `folded` when a higher threshold's alert said it. */
  status: 'posting' | 'posted' | 'folded';
  message?: AlertMessage;
  percent?: number;
  ts?: string;
  claimedAt: number;
}

export interface BudgetCheck {
  posted: string[];
  folded: string[];
}

export async function checkBudgets(context: WorkContext, run: TaskRun): Promise<BudgetCheck> {
  const result: BudgetCheck = { posted: [], folded: [] };
  await repostStale(context, result);
  const failures: string[] = [];
  for (const target of run.schedule.targets ?? Object.keys(context.config.targets)) {
    try {
      await checkTarget(context, target, result);
    } catch (error) {
      // One unreachable target does not keep the others from being checked.
      failures.push(`${target}: ${failureText(error)}`);
    }
  }
  if (failures.length > 0) throw new Error(`cost.budgets could not check ${failures.join('; ')}`);
  return result;
}

/** The dates a tick checks: now, and yesterday while the day is young (a late tick's missed end of day). */
export function checkedInstants(now: number): number[] {
  return now - startOfDay(now) < LATE_GRACE_MS ? [now, startOfDay(now) - 1] : [now];
}

function useWindow(use: BudgetUse, at: number, now: number): Window {
  const from = use.kind === 'monthlyUsd' ? startOfMonth(at) : startOfDay(at);
  const end = use.kind === 'monthlyUsd' ? startOfNextMonth(at) : startOfDay(at) + DAY_MS;
  return { from, to: Math.min(end, now) };
}

async function checkTarget(context: WorkContext, name: string, result: BudgetCheck): Promise<void> {
  const target = context.config.targets[name];
  const budget = Object.prototype.hasOwnProperty.call(context.config.cost.budgets, name) ? context.config.cost.budgets[name] : undefined;
  const idleLimitHours = target.kind === 'provisioned' ? context.config.cost.idleHours : 0;
  if (!budget && idleLimitHours === 0) return;
  const now = context.clock.now();
  const instants = checkedInstants(now);
  const from = Math.min(...instants.map(startOfMonth));
  const gathered = await gather(context, name, from, now);

  let idleFor: number | undefined;
  let lastQuery: number | undefined;
  // Other users' queries hidden from the bot would make every cluster look idle: no idle check then.
  if (idleLimitHours > 0 && gathered.queryable && gathered.blind.history !== undefined) {
    context.log(`cost.budgets: no idle check of ${name}: ${gathered.blind.history}`);
  } else if (idleLimitHours > 0 && gathered.queryable) {
    lastQuery = await lastUserQuery(context, target);
    const hours = lastQuery === undefined ? Infinity : (now - lastQuery) / HOUR_MS;
    // Never queried at all reads as idle for the configured hours (there is no real figure).
    if (hours >= idleLimitHours) idleFor = hours === Infinity ? idleLimitHours : hours;
  }

  const days = dailyCosts({ from, to: now }, gathered.usage, gathered.facts, context.config.cost.prices);
  const seen = new Set<string>();
  for (const at of instants) {
    for (const use of answerableUses(budgetUses(budget, days, at), gathered.facts)) {
      const id = `${use.kind}:${use.period}`;
      if (seen.has(id)) continue;
      seen.add(id);
      await alertOnce(context, { name, gathered, days, use, window: useWindow(use, at, now), idleHours: idleFor }, result);
    }
  }

  if (idleFor !== undefined) {
    const key = `${name}:idle:${lastQuery === undefined ? 'never' : new Date(lastQuery).toISOString()}`;
    const perDay = gathered.facts.nodeType && gathered.facts.nodes ? nodeUsd(gathered.facts.nodeType, gathered.facts.nodes, 24, context.config.cost.prices.nodeHour) : undefined;
    const message = idleAlert(name, lastQuery, idleFor, perDay);
    if (await claim(context, key, { target: name, status: 'posting', claimedAt: now, message })) {
      await post(context, key, 1, message);
      result.posted.push(key);
    }
  }
}

interface UseCheck {
  name: string;
  gathered: Gathered;
  days: DayCost[];
  use: BudgetUse;
  window: Window;
  /** Set when the cluster is idle: the alert offers to pause it. */
  idleHours?: number;
}

/**
 * One budget in one period: the thresholds it reached that nobody claimed yet are claimed, lower
 * ones first, so the highest one's claim is the last word; only its winner posts, naming the top
 * contributors. Nothing is read (top users, queries) when every reached threshold is claimed already.
 */
async function alertOnce(context: WorkContext, check: UseCheck, result: BudgetCheck): Promise<void> {
  const { name, use, window } = check;
  const target = context.config.targets[name];
  const thresholds = reached(use, context.config.cost.alertThresholds);
  if (thresholds.length === 0) return;
  const keys = thresholds.map((threshold) => alertKey(name, use, threshold));
  const known = await Promise.all(keys.map((key) => context.store.get<AlertRecord>(ALERT_KIND, key)));
  if (known.every((item) => item !== undefined)) return;

  const blind = check.gathered.blind;
  const topHidden = target.kind === 'provisioned' ? blind.spectrum : blind.history;
  const noTop = { users: [], queries: [] };
  // The alert goes out without its top lists rather than not at all.
  const top =
    check.gathered.queryable && topHidden === undefined
      ? await topUsage(context, target, window.from, window.to).catch((error: unknown) => {
          context.log(`cost.budgets: top users of ${name} not read: ${failureText(error)}`);
          return noTop;
        })
      : noTop;
  const message = budgetAlert({
    target: name,
    kind: target.kind,
    use,
    threshold: thresholds[thresholds.length - 1],
    spent: sumDays(check.days, window.from, window.to),
    missing: check.gathered.facts.missing,
    top,
    ...(check.idleHours !== undefined ? { idleHours: check.idleHours } : {}),
    ...(target.kind === 'serverless' ? { limit: limitForBudget(use.kind, use.limit, context.config.cost.prices.serverlessPerRpuHour) } : {}),
  });
  const now = context.clock.now();
  for (let index = 0; index < thresholds.length; index++) {
    if (known[index]) continue;
    const highest = index === thresholds.length - 1;
    const won = await claim(context, keys[index], { target: name, status: highest ? 'posting' : 'folded', percent: use.percent, claimedAt: now, ...(highest ? { message } : {}) });
    if (!won) continue;
    if (highest) {
      await post(context, keys[index], 1, message);
      result.posted.push(keys[index]);
    } else {
      result.folded.push(keys[index]);
    }
  }
}

async function claim(context: WorkContext, key: string, record: AlertRecord): Promise<boolean> {
  const now = context.clock.now();
  return context.store.create<AlertRecord>(ALERT_KIND, key, record, {
    expiresAt: now + ALERT_RETENTION_MS,
    ...(record.status === 'posting' ? { dueAt: now + REPOST_AFTER_MS } : {}),
  });
}

/** Posts a claimed alert and marks it posted; a failure leaves it due, so a later tick posts it. */
async function post(context: WorkContext, key: string, version: number, message: AlertMessage): Promise<void> {
  try {
    const posted = await context.slack.chat.postMessage({ channel: context.config.channels.alerts, text: message.text, blocks: message.blocks });
    const item = await context.store.get<AlertRecord>(ALERT_KIND, key);
    if (item && item.version === version) {
      await context.store.update<AlertRecord>(ALERT_KIND, key, version, { ...item.data, status: 'posted', ts: posted.ts }, { dueAt: null, expiresAt: context.clock.now() + ALERT_RETENTION_MS });
    }
    await context.store.appendAudit({ actor: 'system', action: 'cost.alert', target: key.split(':')[0], input: { key }, result: { channel: context.config.channels.alerts, ts: posted.ts } });
  } catch (error) {
    context.log(`cost.budgets: alert ${key} not posted yet: ${messageOf(error)}`);
  }
}

/** Claims whose process died before posting: claimed again (conditional update), then posted. */
async function repostStale(context: WorkContext, result: BudgetCheck): Promise<void> {
  const now = context.clock.now();
  for (const item of await context.store.due<AlertRecord>(ALERT_KIND, now, 50)) {
    if (item.data.status !== 'posting' || !item.data.message) continue;
    const won = await context.store.update<AlertRecord>(ALERT_KIND, item.id, item.version, item.data, { dueAt: now + REPOST_AFTER_MS, expiresAt: item.expiresAt ?? now + ALERT_RETENTION_MS });
    if (!won) continue;
    await post(context, item.id, item.version + 1, item.data.message);
    result.posted.push(item.id);
  }
}

import type { TaskRun } from '../../jobs/scheduler';
import { failureRecord } from '../shared/failure';
import type { WorkContext } from '../types';
import { driftOf } from './check-job';
import { driftBlocks } from './findings-text';
import { baselineTargets } from './targets';

/** One item per target: the keys of the differences last seen, so each is posted once (kind `permissions-drift`). */
export const DRIFT_KIND = 'permissions-drift';

interface DriftSeen {
  keys: string[];
  at: number;
  /** What the bot could not see at the last run, once posted: a blind check is said once, never passed off as "no drift". */
  incomplete?: string;
}

/**
 * The `permissions.drift` task: each target's differences from its baseline, and in the alerts channel
 * only the new ones. A difference is posted once, and again only if it went away and came back. The
 * keys are recorded with a conditional write before posting, so a doubled run posts once; a post that
 * fails puts the previous keys back, so the next run posts it.
 */
export async function postNewDrift(context: WorkContext, run: TaskRun): Promise<string[]> {
  const scope = run.schedule.targets;
  const targets = baselineTargets(context.config).filter((target) => !scope || scope.includes(target));
  const posted: string[] = [];
  for (const target of targets) {
    try {
      if (await postTarget(context, target)) posted.push(target);
    } catch (error) {
      // One target the bot cannot read must not hide the others' drift.
      context.log(`permissions.drift: ${target}: ${error instanceof Error ? error.message : String(error)}`);
      await context.store.appendAudit({ actor: 'system', action: 'permissions.drift.failed', target, result: failureRecord(error) });
    }
  }
  return posted;
}

async function postTarget(context: WorkContext, target: string): Promise<boolean> {
  const { store } = context;
  const result = await driftOf(context, target);
  const before = await store.get<DriftSeen>(DRIFT_KIND, target);
  const seen = new Set(before?.data.keys ?? []);
  const fresh = result.findings.filter((finding) => !seen.has(finding.key));
  const incomplete = result.complete ? undefined : result.why;
  const blind = incomplete !== undefined && incomplete !== before?.data.incomplete;
  const now: DriftSeen = {
    keys: result.findings.map((finding) => finding.key),
    at: context.clock.now(),
    ...(incomplete === undefined ? {} : { incomplete }),
  };
  const claimed = before ? await store.update(DRIFT_KIND, target, before.version, now) : await store.create(DRIFT_KIND, target, now);
  if (!claimed || (fresh.length === 0 && !blind)) return false;
  try {
    const message = { ...result, findings: fresh };
    await context.slack.chat.postMessage({
      channel: context.config.channels.alerts,
      text:
        fresh.length > 0
          ? `${target}: ${fresh.length} new difference${fresh.length === 1 ? '' : 's'} from its permissions baseline.`
          : `${target}: the permissions check could not see everything.`,
      blocks: driftBlocks(target, message, 'new'),
    });
  } catch (error) {
    const current = await store.get<DriftSeen>(DRIFT_KIND, target);
    if (current) await store.update(DRIFT_KIND, target, current.version, before?.data ?? { keys: [], at: 0 });
    throw error;
  }
  await store.appendAudit({
    actor: 'system',
    action: 'permissions.drift',
    target,
    result: { new: fresh.map((finding) => finding.key), total: result.findings.length, complete: result.complete },
  });
  return true;
}

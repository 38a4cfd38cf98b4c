import * as z from 'zod/mini';
import { checkPolicy } from '../../approvals/policy';
import { openWithinLimit } from '../../approvals/limits';
import { readPayload } from '../../jobs/payload';
import type { WarehouseStatus } from '../../redshift/warehouse';
import { bestEffort } from '../../slack/best-effort';
import { failureRecord, failureText } from '../shared/failure';
import { executorPayloadSchema, replyToSchema } from '../shared/payload-schemas';
import { reply, type ReplyTo } from '../shared/reply';
import { targetsFor } from '../shared/targets';
import type { BackupVerb } from './backup-ask';
import type { JobHandler, WorkContext } from '../types';
import { requestWithDetails } from '../shared/request-details';

/** `backup retention [target] [days]`: show automated snapshot retention and cross-region copy; change it after approval. */
export const SHOW_JOB = 'backup.retention.show';
export const OPEN_RETENTION_JOB = 'backup.retention.open';
export const SET_RETENTION_JOB = 'backup.retention.set';

interface ShowJob {
  targets: string[];
  replyTo: ReplyTo;
}
const showJobSchema: z.ZodMiniType<ShowJob> = z.object({ targets: z.array(z.string()), replyTo: replyToSchema });

interface ChangeJob {
  target: string;
  days: number;
  userId: string;
  replyTo: ReplyTo;
  requestKey: string;
}
const changeJobSchema: z.ZodMiniType<ChangeJob> = z.object({ target: z.string(), days: z.number(), userId: z.string(), replyTo: replyToSchema, requestKey: z.string() });

interface RetentionDetails {
  target: string;
  days: number;
  from?: number;
}
const retentionDetailsSchema: z.ZodMiniType<RetentionDetails> = z.object({ target: z.string(), days: z.number(), from: z.optional(z.number()) });

const dayWord = (days: number) => `${days} day${days === 1 ? '' : 's'}`;

/** One target's backup settings, in words. */
export function retentionLine(status: WarehouseStatus): string {
  if (status.kind === 'serverless') {
    return `*${status.target}* (Serverless): recovery points about every 30 minutes, kept 24 hours (fixed by AWS); ${serverlessCopy(status)}. Keep one longer with \`/redshift snapshot keep <recovery-point>\`.`;
  }
  const days = status.automatedSnapshotRetentionDays;
  const automated = days === undefined ? 'automated snapshot retention not reported' : days === 0 ? 'automated snapshots *off*' : `automated snapshots kept *${dayWord(days)}*`;
  const copy = status.snapshotCopy?.destinationRegion
    ? `cross-region copy to ${status.snapshotCopy.destinationRegion}${status.snapshotCopy.retentionDays !== undefined ? `, kept ${dayWord(status.snapshotCopy.retentionDays)}` : ''}`
    : 'cross-region copy off';
  return `*${status.target}*: ${automated}; ${copy}.`;
}

/** A namespace's snapshot copy configurations, one per destination Region. */
function serverlessCopy(status: WarehouseStatus): string {
  if (status.snapshotCopyUnknown) return 'cross-region copy could not be read';
  const copies = status.snapshotCopies ?? [];
  if (copies.length === 0) return 'cross-region copy off';
  const each = copies.map((copy) => `${copy.destinationRegion}${copy.retentionDays !== undefined ? ` (kept ${dayWord(copy.retentionDays)})` : ''}`);
  return `snapshots copied to ${each.join(', ')}`;
}

/** What approvers read: the change, and the warning when it deletes snapshots at once. */
export function changeSummary(details: RetentionDetails): string[] {
  const lines = [
    ':calendar: *Automated snapshot retention*',
    `*What:* *${details.target}* from ${details.from === undefined ? 'unknown' : dayWord(details.from)} to ${dayWord(details.days)}`,
  ];
  if (details.from === undefined || details.days < details.from) {
    lines.push(`:warning: Lowering it deletes automated snapshots older than ${dayWord(details.days)} *at once*; they cannot be brought back.`);
  }
  return lines;
}

export const requestRetention: BackupVerb<'backup.retention'> = async (ports, command, ask) => {
  const { target, days } = command;
  if (days === undefined) {
    const job: ShowJob = { targets: targetsFor(ports.config, target), replyTo: ask.replyTo };
    await ports.jobs.enqueue({ idempotencyKey: `retention-show:${ask.requestKey}`, type: SHOW_JOB, payload: job, actor: ask.userId });
    return `Looking up backup retention of ${job.targets.join(', ')}…`;
  }
  if (!target) return ':warning: Name the target: `/redshift backup retention <target> <days>`.';
  if (ports.config.targets[target]?.kind === 'serverless') {
    return `:no_entry: *${target}* is Redshift Serverless: its recovery points are kept 24 hours and that cannot be changed. Keep one longer with \`/redshift snapshot keep <recovery-point>\`. Nothing was changed.`;
  }
  const decision = await checkPolicy('retention', ports.config.policies.retention, ask.userId, ports.people);
  if (!decision.allowed) {
    await ports.store.appendAudit({ actor: ask.userId, action: 'retention.refused', target, input: { days }, result: { reason: decision.message } });
    return `:no_entry: ${decision.message}`;
  }
  const job: ChangeJob = { target, days, userId: ask.userId, replyTo: ask.replyTo, requestKey: ask.requestKey };
  await ports.jobs.enqueue({ idempotencyKey: `retention-open:${ask.requestKey}`, type: OPEN_RETENTION_JOB, payload: job, actor: ask.userId });
  return `:calendar: Asking to keep automated snapshots of *${target}* ${dayWord(days)}…`;
};

export const showRetentionJob: JobHandler = async (payload, context) => {
  const job = readPayload(SHOW_JOB, showJobSchema, payload);
  const lines: string[] = [];
  for (const target of job.targets) {
    try {
      lines.push(retentionLine(await context.warehouses.get(target).status()));
    } catch (error) {
      lines.push(`*${target}*: could not be read. ${failureText(error)}`);
    }
  }
  // Takes the place of the command's "Looking up backup retention…".
  await reply(context.slack, job.replyTo, { text: lines.join('\n'), replace_original: true });
  return { targets: job.targets };
};

/** Reads the current value (for the warning), then asks approvers, or applies it when the policy needs none. */
export const openRetentionJob: JobHandler = async (payload, context) => {
  const job = readPayload(OPEN_RETENTION_JOB, changeJobSchema, payload);
  let from: number | undefined;
  try {
    from = (await context.warehouses.get(job.target).status()).automatedSnapshotRetentionDays;
  } catch (error) {
    await reply(context.slack, job.replyTo, { text: `:x: Could not read the retention of *${job.target}*. ${failureText(error)} Nothing was changed.` });
    return { opened: false };
  }
  if (from === job.days) {
    await reply(context.slack, job.replyTo, { text: `*${job.target}* already keeps automated snapshots ${dayWord(job.days)}; nothing to change.` });
    return { opened: false, unchanged: true };
  }
  const details: RetentionDetails = { target: job.target, days: job.days, from };
  const policy = context.config.policies.retention;
  if (policy.approvalsRequired === 0) {
    const text = await applyRetention(context, details, job.userId);
    await reply(context.slack, job.replyTo, { text });
    return { applied: true };
  }
  const cluster = context.config.targets[job.target];
  const request = await openWithinLimit(() => context.approvals.open(
    {
      action: 'retention',
      requester: job.userId,
      target: job.target,
      title: `<@${job.userId}> asks to keep automated snapshots of ${job.target} ${dayWord(job.days)}`,
      summary: [...changeSummary(details), `*Who:* <@${job.userId}>`],
      willRun: [`ModifyCluster ClusterIdentifier=${cluster.kind === 'provisioned' ? cluster.cluster : job.target} AutomatedSnapshotRetentionPeriod=${job.days}`],
      details,
      approvers: policy.approvers,
      approvalsRequired: policy.approvalsRequired,
      breakGlassAllowed: false,
      executor: SET_RETENTION_JOB,
      idempotencyKey: `retention:${job.requestKey}`,
    },
    context.slack,
  ), (text) => reply(context.slack, job.replyTo, { text }), context.log);
  if (!request) return { opened: false, refused: 'open-limit' };
  await context.store.appendAudit({ actor: job.userId, action: 'retention.request', target: job.target, input: details, result: { requestId: request.id } });
  const warning = from === undefined || job.days < from ? ' Approvers are warned that lowering it deletes older automated snapshots at once.' : '';
  await bestEffort(
    'the retention requester\'s notice',
    () => reply(context.slack, job.replyTo, { text: `:incoming_envelope: Asked approvers in <#${context.config.channels.approvals}> (request \`${request.id}\`).${warning}` }),
    context.log,
  );
  return { requestId: request.id };
};

async function applyRetention(context: WorkContext, details: RetentionDetails, actor: string): Promise<string> {
  const input = { ...details, call: 'ModifyCluster AutomatedSnapshotRetentionPeriod' };
  try {
    const now = await context.warehouses.get(details.target).backups.setAutomatedRetention(details.days);
    await context.store.appendAudit({ actor, action: 'retention.set', target: details.target, input, result: { days: now } });
    return `:white_check_mark: *${details.target}* now keeps automated snapshots ${dayWord(now)}${details.from !== undefined && now < details.from ? '; older automated snapshots were deleted' : ''}.`;
  } catch (error) {
    await context.store.appendAudit({ actor, action: 'retention.set', target: details.target, input, result: failureRecord(error) });
    return `:x: The retention of *${details.target}* was not changed. ${failureText(error)}`;
  }
}

/** The approved change's executor; its job is recorded once per request (the workflow's idempotency key). */
export const setRetentionJob: JobHandler = async (payload, context) => {
  const { requestId } = readPayload(SET_RETENTION_JOB, executorPayloadSchema, payload);
  const request = await requestWithDetails(context.approvals, requestId, retentionDetailsSchema);
  if (!request || request.status !== 'approved') throw new Error(`Retention request ${requestId} is not approved; nothing was run.`);
  const text = await applyRetention(context, request.details, request.requester);
  await context.approvals.note(requestId, text, context.slack);
  return { requestId, text };
};

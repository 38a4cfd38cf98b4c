import * as z from 'zod/mini';
import { openWithinLimit } from '../../approvals/limits';
import { readPayload } from '../../jobs/payload';
import type { SnapshotCopyStatus } from '../../redshift/warehouse-restore';
import { bestEffort } from '../../slack/best-effort';
import { failureRecord, failureText } from '../shared/failure';
import { executorPayloadSchema } from '../shared/payload-schemas';
import { requestWithDetails } from '../shared/request-details';
import { reply } from '../shared/reply';
import type { JobHandler, WorkContext } from '../types';
import { alreadyDone, decideCopy, grantNotFoundText, willRun, type CopyChange } from './copy-plan';
import { COPY_OPEN_JOB, COPY_SET_JOB, copyOpenJobSchema, warehouseCopySize } from './copy-request';
import { copyChangeLines, copyChangeTitle, copyOutcomeText } from './copy-text';

/**
 * A `backup copy` change: COPY_OPEN_JOB reads the copy as it is, refuses what would change nothing,
 * answers with the preview and opens the approval request (`policies.retention`); once approved,
 * COPY_SET_JOB makes the one AWS call, and a re-run that finds the copy as asked makes none.
 */

/** Kind of the claims that keep a change to one AWS call. */
const COPY_CALL_KIND = 'backup-copy';
const CLAIM_KEPT_MS = 30 * 24 * 3_600_000;

interface CopyDetails {
  target: string;
  change: CopyChange;
  /** The key the AWS call is claimed under: one call per request, whoever runs it how often. */
  key: string;
}
const changeSchema: z.ZodMiniType<CopyChange> = z.union([
  z.object({ kind: z.literal('enable'), region: z.string(), days: z.number(), grantName: z.optional(z.string()) }),
  z.object({ kind: z.literal('set-days'), region: z.string(), days: z.number(), from: z.optional(z.number()) }),
  z.object({ kind: z.literal('disable'), regions: z.array(z.string()) }),
]);
const copyDetailsSchema: z.ZodMiniType<CopyDetails> = z.object({ target: z.string(), change: changeSchema, key: z.string() });

export const openCopyJob: JobHandler = async (payload, context) => {
  const job = readPayload(COPY_OPEN_JOB, copyOpenJobSchema, payload);
  const warehouse = context.warehouses.get(job.target);
  let current: SnapshotCopyStatus;
  let sourceRegion: string | undefined;
  let capacityMb: number | undefined;
  let kmsKeyId: string | undefined;
  try {
    const status = await warehouse.status();
    sourceRegion = status.region;
    capacityMb = status.storageCapacityMb;
    kmsKeyId = status.kmsKeyId;
    current = await warehouse.backups.snapshotCopy();
  } catch (error) {
    await reply(context.slack, job.replyTo, {
      text: `:x: Could not read the cross-region copy of *${job.target}*. ${failureText(error)} Nothing was changed.`,
    });
    return { opened: false };
  }
  const configured = context.config.targets[job.target];
  const grants = configured.kind === 'provisioned' ? configured.snapshotCopyGrants : undefined;
  const decision = decideCopy(
    { target: job.target, kind: warehouse.kind, region: job.region, days: job.days, grants },
    current,
    sourceRegion,
    kmsKeyId,
  );
  if (!decision.ok) {
    await reply(context.slack, job.replyTo, { text: decision.text });
    return { opened: false, refused: decision.text };
  }
  const { change } = decision;
  const grantRefusal = await missingGrant(context, job.target, change);
  if (grantRefusal) {
    await reply(context.slack, job.replyTo, { text: grantRefusal });
    return { opened: false, refused: grantRefusal };
  }
  const size = change.kind === 'disable' ? undefined : await warehouseCopySize(warehouse, capacityMb, context.log);
  const preview = copyChangeLines(job.target, warehouse.kind, change, size, context.config.cost.prices);
  const details: CopyDetails = { target: job.target, change, key: job.requestKey };
  const policy = context.config.policies.retention;
  if (policy.approvalsRequired === 0) {
    const text = await applyCopy(context, details, job.userId);
    await reply(context.slack, job.replyTo, { text: [...preview, '', text].join('\n') });
    return { applied: true };
  }
  const resource = configured.kind === 'provisioned' ? configured.cluster : configured.namespace;
  const request = await openWithinLimit(
    () =>
      context.approvals.open(
        {
          action: 'retention',
          requester: job.userId,
          target: job.target,
          title: `<@${job.userId}> asks to ${copyChangeTitle(job.target, change)}`,
          summary: [...preview, `*Who:* <@${job.userId}>`],
          willRun: willRun(change, warehouse.kind, resource),
          details,
          approvers: policy.approvers,
          approvalsRequired: policy.approvalsRequired,
          breakGlassAllowed: false,
          executor: COPY_SET_JOB,
          idempotencyKey: `backup-copy:${job.requestKey}`,
        },
        context.slack,
      ),
    (text) => reply(context.slack, job.replyTo, { text }),
    context.log,
  );
  if (!request) return { opened: false, refused: 'open-limit' };
  await context.store.appendAudit({
    actor: job.userId,
    action: 'backup-copy.request',
    target: job.target,
    input: details,
    result: { requestId: request.id },
  });
  await bestEffort(
    "the copy requester's preview",
    () =>
      reply(context.slack, job.replyTo, {
        text: [
          ...preview,
          `:incoming_envelope: Asked approvers in <#${context.config.channels.approvals}> (request \`${request.id}\`).`,
        ].join('\n'),
      }),
    context.log,
  );
  return { requestId: request.id };
};

/**
 * A grant named for the destination must exist there before approvers are asked: DescribeSnapshotCopyGrants
 * in that Region. The refusal's text, or undefined when there is no grant to check or it exists.
 */
async function missingGrant(context: WorkContext, target: string, change: CopyChange): Promise<string | undefined> {
  if (change.kind !== 'enable' || change.grantName === undefined) return undefined;
  try {
    const found = await context.warehouses.get(target).backups.snapshotCopyGrant(change.region, change.grantName);
    return found ? undefined : grantNotFoundText(target, change.region, change.grantName);
  } catch (error) {
    return `:x: Could not check the snapshot copy grant *${change.grantName}* in ${change.region}. ${failureText(error)} Nothing was asked or changed.`;
  }
}

/** Makes the change's one AWS call; a copy already as asked, or a call already made, is not called again. */
async function applyCopy(context: WorkContext, details: CopyDetails, actor: string): Promise<string> {
  const { target, change } = details;
  const backups = context.warehouses.get(target).backups;
  const audit = { actor, action: 'backup-copy.set', target, input: { ...change } };
  try {
    const before = await backups.snapshotCopy();
    if (alreadyDone(change, before)) {
      await context.store.appendAudit({ ...audit, result: { outcome: 'already' } });
      return copyOutcomeText(target, change, before);
    }
    const now = context.clock.now();
    if (
      !(await context.store.create(
        COPY_CALL_KIND,
        `call:${details.key}`,
        { change: change.kind, at: now },
        { expiresAt: now + CLAIM_KEPT_MS },
      ))
    ) {
      // Another run made (or is making) the call: never a second one.
      await context.store.appendAudit({ ...audit, result: { outcome: 'claimed-elsewhere' } });
      return `:information_source: The change to *${target}* was already sent to AWS once; \`/redshift backup copy ${target}\` shows where it stands.`;
    }
    const after =
      change.kind === 'enable'
        ? await backups.enableSnapshotCopy(change.region, change.days, { grantName: change.grantName })
        : change.kind === 'set-days'
          ? await backups.setSnapshotCopyRetention(change.days, change.region)
          : await backups.disableSnapshotCopy();
    await context.store.appendAudit({
      ...audit,
      result: { destinations: after.destinations.map((d) => ({ region: d.region, days: d.retentionDays })) },
    });
    return copyOutcomeText(target, change, after);
  } catch (error) {
    await context.store.appendAudit({ ...audit, result: failureRecord(error) });
    return `:x: The cross-region copy of *${target}* was not changed. ${failureText(error)}`;
  }
}

/** The approved change's executor; its job is recorded once per request (the workflow's idempotency key). */
export const setCopyJob: JobHandler = async (payload, context) => {
  const { requestId } = readPayload(COPY_SET_JOB, executorPayloadSchema, payload);
  const request = await requestWithDetails(context.approvals, requestId, copyDetailsSchema);
  if (!request || request.status !== 'approved') throw new Error(`Copy request ${requestId} is not approved; nothing was run.`);
  const text = await applyCopy(context, request.details, request.requester);
  await context.approvals.note(requestId, text, context.slack);
  return { requestId, text };
};

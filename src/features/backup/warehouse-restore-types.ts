import * as z from 'zod/mini';
import { argSchemas, RECOVERY_POINT_PATTERN } from '../../commands/args';
import type { WarehouseRestoreRequest } from '../../redshift/warehouse-restore';
import { replyToSchema } from '../shared/payload-schemas';
import type { ReplyTo } from '../shared/reply';

/**
 * `restore cluster <snapshot> <new-name> [target]`: a whole warehouse from a snapshot. Provisioned: a
 * NEW cluster (the target's own is left as it is). Serverless: the target's own namespace, replaced.
 */
export const PLAN_JOB = 'restore.cluster.plan';
export const OPEN_JOB = 'restore.cluster.open';
export const EXECUTE_JOB = 'restore.cluster.execute';
export const WATCH = 'restore.cluster.progress';
export const CONFIRM_ACTION = 'restore_cluster_confirm';
export const CANCEL_ACTION = 'restore_cluster_cancel';
/** The feature's own records in the store: call claims and the last state posted. */
export const RECORD_KIND = 'warehouse-restore';

/** A preview's Confirm is honoured this long; later, the command is asked again (the preview may be stale). */
export const CONFIRM_VALID_MS = 15 * 60_000;

/** One whole-warehouse restore, as it is previewed, confirmed, approved and executed. */
export interface WarehouseRestoreOperation {
  target: string;
  kind: 'new-cluster' | 'namespace';
  source: { kind: 'snapshot' | 'recovery-point'; id: string };
  /** The new cluster's identifier, or the namespace (Serverless). */
  name: string;
  requester: string;
  /** The preview's key: every click on one preview names this one operation. */
  key: string;
  channelId: string;
  replyTo?: ReplyTo;
}

export const operationSchema: z.ZodMiniType<WarehouseRestoreOperation> = z.object({
  target: z.string(),
  kind: z.enum(['new-cluster', 'namespace']),
  source: z.object({ kind: z.enum(['snapshot', 'recovery-point']), id: z.string() }),
  name: z.string(),
  requester: z.string(),
  key: z.string(),
  channelId: z.string(),
  replyTo: z.optional(replyToSchema),
});

/** The backup port's request for this operation (the node type and count are the snapshot's). */
export function restoreRequest(operation: WarehouseRestoreOperation): WarehouseRestoreRequest {
  return operation.kind === 'new-cluster'
    ? { kind: 'new-cluster', snapshot: operation.source.id, newCluster: operation.name }
    : { kind: 'namespace', source: operation.source };
}

/** What the preview's Confirm button carries (short keys: it travels in a button value). */
export interface ConfirmToken {
  /** target */
  t: string;
  /** source id, and whether it is a recovery point */
  s: string;
  r: boolean;
  /** new cluster or namespace */
  n: string;
  /** the preview's key */
  k: string;
  /** when the preview was drawn (clock ms) */
  at: number;
}

export const confirmTokenSchema: z.ZodMiniType<ConfirmToken> = z.object({
  t: z.string(),
  s: z.string().check(z.minLength(1), z.maxLength(255)),
  r: z.boolean(),
  n: z.string().check(z.minLength(1), z.maxLength(64)),
  k: z.string().check(z.regex(/^[0-9a-f]{16}$/)),
  at: z.number(),
});

// The grammar's own checks for `restore cluster`'s source and new name; neither depends on chatops.yml.
const grammarWords = argSchemas({ targets: [], roles: [] });

/**
 * Why a Confirm token is not one a preview could have carried, or undefined. A token holds only what
 * the typed command accepts (the grammar's source and name, as it writes them), a recovery-point flag
 * that matches its source, and a preview time that is not in the future: anything else was forged.
 */
export function tokenProblem(token: ConfirmToken, now: number): string | undefined {
  const source = grammarWords.restoreSource.safeParse(token.s);
  if (!source.success || source.data !== token.s) return 'its snapshot is not one the command accepts';
  const name = grammarWords.clusterName.safeParse(token.n);
  if (!name.success || name.data !== token.n) return 'its new name is not one the command accepts';
  if (token.r !== RECOVERY_POINT_PATTERN.test(token.s)) return 'it calls its source a recovery point wrongly';
  if (!Number.isSafeInteger(token.at) || token.at < 0 || token.at > now) return 'its preview time is not a real one';
  return undefined;
}

/** Where progress is posted: the approval request's thread, or a message of our own when no approval is needed. */
export type Place = { requestId: string } | { thread: { channel: string; ts: string } };
export const placeSchema: z.ZodMiniType<Place> = z.union([
  z.object({ requestId: z.string() }),
  z.object({ thread: z.object({ channel: z.string(), ts: z.string() }) }),
]);

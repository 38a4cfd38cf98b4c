import * as z from 'zod/mini';
import type { SlackMessageRef } from '../../approvals/types';
import type { Target } from '../../config/targets';
import type { TableRestoreInfo } from '../../redshift/restore';
import { sourceSchema, type RestoreAsk } from './restore-form';
import type { DependentView, TableGrant } from './restore-grants';

/** Job types, the approval actions and the store kind of table restores. */
export const OPEN_JOB = 'restore.open';
export const RUN_JOB = 'restore.run';
export const FORM_JOB = 'restore.form';
/** A submitted form's checks that need AWS, made after the submission was acked (restore-check-job.ts). */
export const CHECK_JOB = 'restore.check';
export const PROGRESS_WATCH = 'restore.progress';
export const SWAP_JOB = 'restore.swap';
export const RESTORE_ACTION = 'restore';
export const SWAP_APPROVAL_ACTION = 'restore.swap';
/** The "Swap into place" button under a finished restore; value = the restore's key. */
export const SWAP_BUTTON = 'restore_swap';
export const RESTORE_KIND = 'restore';

/** A checked restore, as the approval request carries it to the executor. */
export interface RestoreDetails extends RestoreAsk {
  target: string;
  /** The restore writes into the source database (the form offers no other). */
  targetDatabase: string;
  /** Where the requester asked (the progress thread when no approval is needed). */
  channelId: string;
}

const askShape = {
  source: sourceSchema,
  sourceDatabase: z.string(),
  sourceSchema: z.string(),
  sourceTable: z.string(),
  newTable: z.string(),
  targetSchema: z.string(),
};

/** A checked RestoreAsk as a stored job carries it, checked when read back. */
export const restoreAskSchema: z.ZodMiniType<RestoreAsk> = z.object(askShape);

/** RestoreDetails as a stored job or approval carries it, checked when read back. */
export const restoreDetailsSchema: z.ZodMiniType<RestoreDetails> = z.object({
  ...askShape,
  target: z.string(),
  targetDatabase: z.string(),
  channelId: z.string(),
});

/** What the swap approval carries: which restore to swap into place. */
export interface SwapDetails {
  key: string;
}
export const swapDetailsSchema: z.ZodMiniType<SwapDetails> = z.object({ key: z.string() });

export type SwapState = 'asked' | 'swapping' | 'swapped' | 'failed';

/**
 * One restore, from the moment the executor starts it: created with a conditional write, so two
 * executors (a redelivered job, two approvals clicked at once) call AWS once.
 */
export interface RestoreRecord {
  details: RestoreDetails;
  requester: string;
  /** The approval request, when there was one. */
  requestId?: string;
  /** The threads progress is posted in. */
  threads: SlackMessageRef[];
  /** Before AWS answers, the bot's own word; then AWS's, kept as AWS said it even when it is a word the bot does not know. */
  status: 'starting' | 'not-started' | TableRestoreInfo['status'];
  restoreId?: string;
  progressMb?: number;
  totalMb?: number;
  message?: string;
  rows?: number;
  swap?: SwapRecord;
}

/** A swap as asked: the grants to give again and the views to tell about were read before approval. */
export interface SwapRecord {
  state: SwapState;
  aside: string;
  requestId?: string;
  error?: string;
  /** The source table's grants, granted again on the swapped-in table in the swap's transaction. */
  grants?: TableGrant[];
  /** Views bound to the source table: they keep reading it under its aside name. */
  views?: DependentView[];
  /** The bot's identity sees only part of SVV_RELATION_PRIVILEGES: the grants may be incomplete. */
  grantsPartial?: boolean;
  /** Grants listed that are not table privileges the bot can give again. */
  unknownGrants?: string[];
}

/** `schema.table`, as users read it. */
export function tableLabel(schema: string, table: string): string {
  return `${schema}.${table}`;
}

export function sourceLabel(details: Pick<RestoreDetails, 'source'>): string {
  return details.source.kind === 'recovery-point' ? `recovery point \`${details.source.id}\`` : `snapshot \`${details.source.id}\``;
}

/** The AWS call the restore makes, shown verbatim to approvers and recorded in the audit log. */
export function restoreCall(details: RestoreDetails, target: Target): string {
  const tables: Array<[string, string]> = [
    ['SourceDatabaseName', details.sourceDatabase],
    ['SourceSchemaName', details.sourceSchema],
    ['SourceTableName', details.sourceTable],
    ['TargetDatabaseName', details.targetDatabase],
    ['TargetSchemaName', details.targetSchema],
    ['NewTableName', details.newTable],
  ];
  if (target.kind === 'provisioned') {
    const head = ['RestoreTableFromClusterSnapshot', `ClusterIdentifier=${target.cluster}`, `SnapshotIdentifier=${details.source.id}`];
    return [...head, ...tables.map(([name, value]) => `${name}=${value}`)].join(' ');
  }
  // Serverless takes the same members in camelCase.
  const camel = (name: string) => name.charAt(0).toLowerCase() + name.slice(1);
  const head =
    details.source.kind === 'snapshot'
      ? [
          'RestoreTableFromSnapshot',
          `namespaceName=${target.namespace}`,
          `workgroupName=${target.workgroup}`,
          `snapshotName=${details.source.id}`,
        ]
      : [
          'RestoreTableFromRecoveryPoint',
          `namespaceName=${target.namespace}`,
          `workgroupName=${target.workgroup}`,
          `recoveryPointId=${details.source.id}`,
        ];
  return [...head, ...tables.map(([name, value]) => `${camel(name)}=${value}`)].join(' ');
}

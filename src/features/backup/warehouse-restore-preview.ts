import type { types } from '@slack/bolt';
import type { ActionPolicy } from '../../config/policies';
import type { Target } from '../../config/targets';
import { checkClusterName, type RestoreSourceInfo, type WarehouseRestorePlan } from '../../redshift/warehouse-restore';
import { computeText } from '../shared/estimate';
import { formatTime, usd, mbText } from '../shared/figures';
import { CANCEL_ACTION, CONFIRM_ACTION, type ConfirmToken, type WarehouseRestoreOperation } from './warehouse-restore-types';

/** `restore cluster`'s words (pure): checks before any call, the preview, what approvers read, the reminder. */

/** A Serverless restore replaces the namespace's data: by default it takes this many approvals. */
export const NAMESPACE_DEFAULT_APPROVALS = 2;

export interface Approvals {
  count: number;
  /** Why this count, for the preview and the request. */
  why: string;
}

/**
 * A new cluster takes policies.restore's approvals. A namespace restore takes 2 when chatops.yml leaves
 * approvalsRequired out, else what it says; never more than a fixed list of approvers can give.
 */
export function approvalsFor(kind: WarehouseRestoreOperation['kind'], policy: ActionPolicy): Approvals {
  if (kind === 'new-cluster' || policy.approvalsExplicit === true) {
    return { count: policy.approvalsRequired, why: 'policies.restore.approvalsRequired' };
  }
  const fixed = !policy.approvers.everyone && policy.approvers.usergroups.length === 0 ? new Set(policy.approvers.users).size : Infinity;
  const count = Math.min(Math.max(NAMESPACE_DEFAULT_APPROVALS, policy.approvalsRequired), fixed);
  return {
    count,
    why:
      count >= NAMESPACE_DEFAULT_APPROVALS
        ? `replacing a namespace's data takes ${NAMESPACE_DEFAULT_APPROVALS} approvals unless policies.restore.approvalsRequired says otherwise`
        : `policies.restore.approvers lists only ${count}`,
  };
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/**
 * Why this command is refused before anything is looked up, or undefined: the name against the
 * target's kind (a namespace's name is the confirmation that its data is replaced).
 */
export function commandRefusal(
  targetName: string,
  target: Target,
  source: string,
  name: string,
  isRecoveryPoint: boolean,
): string | undefined {
  if (target.kind === 'serverless') {
    if (name !== target.namespace) {
      return `*${targetName}* is Redshift Serverless: a restore goes into its own namespace \`${target.namespace}\` and *replaces its data*. Type the namespace's name as the second word to confirm that: \`restore cluster ${source} ${target.namespace} ${targetName}\`. Nothing was restored.`;
    }
    return undefined;
  }
  if (isRecoveryPoint) {
    return `\`${source}\` is a recovery point id; recovery points exist only on Redshift Serverless, and *${targetName}* is a cluster. Name one of its snapshots (\`/redshift snapshot list\` shows them).`;
  }
  try {
    checkClusterName(name);
  } catch (error) {
    return `${error instanceof Error ? error.message : String(error)}. Nothing was restored.`;
  }
  if (name === target.cluster) {
    return `\`${name}\` is *${targetName}*'s own cluster: a restore makes a NEW cluster; give it a name of its own.`;
  }
  return undefined;
}

/** Why the plan cannot go ahead (source not available, name taken), or undefined. */
export function planRefusal(plan: WarehouseRestorePlan): string | undefined {
  const source = sourceWords(plan.source);
  if (plan.source.status !== 'available') {
    return `${source} is *${plan.source.status}*, not available: it can be restored from once it is. Nothing was restored.`;
  }
  if (plan.kind === 'new-cluster' && plan.nameTaken) {
    return `A cluster named \`${plan.newCluster}\` exists already; pick another name. Nothing was restored.`;
  }
  return undefined;
}

export interface HourlyCost {
  perHour: number;
  /** "2 × ra3.xlplus at $1.086/h ≈ $52.13 a day": the pause preview's words for the same prices. */
  words: string;
}

/** What the new cluster costs per hour while it runs, from cost.prices.nodeHour; undefined when its type has no price. */
export function hourlyCost(
  nodeType: string | undefined,
  nodes: number | undefined,
  prices: Readonly<Record<string, number>>,
): HourlyCost | undefined {
  const words = computeText(nodeType, nodes, prices);
  const price = nodeType !== undefined ? prices[nodeType] : undefined;
  if (words === undefined || price === undefined || nodes === undefined) return undefined;
  return { perHour: price * nodes, words };
}

function sourceWords(source: RestoreSourceInfo): string {
  return source.kind === 'snapshot' ? `Snapshot \`${source.id}\`` : `Recovery point \`${source.id}\``;
}

function sourceLine(source: RestoreSourceInfo): string {
  const of = source.takenOf ? ` of \`${source.takenOf}\`` : '';
  const size = source.sizeMb !== undefined ? `, ${mbText(source.sizeMb)}` : '';
  return `• *Source:* ${sourceWords(source).replace(/^./, (c) => c.toLowerCase())}${of}, taken ${formatTime(source.createdAt)}${size}`;
}

/** The preview's lines (without the Confirm button). */
export function previewLines(
  targetName: string,
  plan: WarehouseRestorePlan,
  prices: Readonly<Record<string, number>>,
  approvals: Approvals,
): string[] {
  const needs =
    approvals.count > 0
      ? `• Then ${plural(approvals.count, 'approval')} in the approvals channel (${approvals.why}).`
      : '• No approval needed (policies.restore).';
  if (plan.kind === 'new-cluster') {
    const cost = hourlyCost(plan.nodeType, plan.nodes, prices);
    const nodes = `${plan.nodes ?? '?'} × ${plan.nodeType ?? 'unknown node type'}`;
    return [
      `:package: *Restore into a NEW cluster \`${plan.newCluster}\`* from *${targetName}*?`,
      sourceLine(plan.source),
      `• It launches with *${nodes}*, as the snapshot was taken.`,
      cost
        ? `• *Cost, an estimate:* about *${usd(cost.perHour)} an hour* (${cost.words}), from cost.prices.nodeHour.`
        : `• *Cost:* unknown: cost.prices.nodeHour has no price for ${plan.nodeType ?? 'its node type'}.`,
      `• It is a *new* cluster: *${targetName}* and its data are not touched. It bills per hour until it is paused or deleted.`,
      needs,
    ];
  }
  return [
    `:warning: *Restore namespace \`${plan.namespace}\` of *${targetName}* — its current data is REPLACED.*`,
    sourceLine(plan.source),
    `• Everything in \`${plan.namespace}\` is replaced by the ${plan.source.kind === 'snapshot' ? 'snapshot' : 'recovery point'}'s data; what was written since is lost. Workgroup \`${plan.workgroup}\` is unavailable while it restores.`,
    `• The way back is a snapshot or recovery point of *now*: take one first with \`/redshift snapshot create ${targetName}\`.`,
    needs,
  ];
}

/** The preview message with its Confirm and Cancel buttons. */
export function previewMessage(
  lines: string[],
  token: ConfirmToken,
  kind: WarehouseRestoreOperation['kind'],
): { text: string; blocks: types.KnownBlock[] } {
  const text = lines.join('\n');
  const value = JSON.stringify(token);
  const label = kind === 'new-cluster' ? `Restore into ${token.n}` : `Replace ${token.n}`;
  return {
    text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text } },
      {
        type: 'actions',
        block_id: 'restore_cluster_confirm',
        elements: [
          {
            type: 'button',
            action_id: CONFIRM_ACTION,
            style: kind === 'new-cluster' ? 'primary' : 'danger',
            text: { type: 'plain_text', text: label.slice(0, 75) },
            value,
            confirm: {
              title: { type: 'plain_text', text: kind === 'new-cluster' ? 'Restore a new cluster?' : 'Replace the namespace?' },
              text: {
                type: 'mrkdwn',
                text:
                  kind === 'new-cluster'
                    ? `\`${token.n}\` bills per hour from when it is created.`
                    : `The data of \`${token.n}\` is replaced.`,
              },
              confirm: { type: 'plain_text', text: 'Confirm' },
              deny: { type: 'plain_text', text: 'Cancel' },
            },
          },
          { type: 'button', action_id: CANCEL_ACTION, text: { type: 'plain_text', text: 'Cancel' }, value },
        ],
      },
    ],
  };
}

/** The calls shown verbatim to approvers. */
export function callsFor(operation: WarehouseRestoreOperation, target: Target): string[] {
  if (target.kind === 'provisioned') {
    return [
      `RestoreFromClusterSnapshot ClusterIdentifier=${operation.name} SnapshotIdentifier=${operation.source.id} SnapshotClusterIdentifier=${target.cluster}`,
    ];
  }
  return operation.source.kind === 'snapshot'
    ? [`RestoreFromSnapshot namespaceName=${target.namespace} workgroupName=${target.workgroup} snapshotName=${operation.source.id}`]
    : [
        `RestoreFromRecoveryPoint namespaceName=${target.namespace} workgroupName=${target.workgroup} recoveryPointId=${operation.source.id}`,
      ];
}

/** Said in the thread once a new cluster is available: it bills until someone stops it, and how. */
export function reminderText(operation: WarehouseRestoreOperation, cost: HourlyCost | undefined, configured: boolean): string {
  const bill = cost ? `about ${usd(cost.perHour)} an hour (${cost.words}, an estimate)` : 'per node-hour';
  const how = configured
    ? `\`/redshift pause ${operation.name}\` or \`/redshift delete ${operation.name}\``
    : `pause or delete it in the AWS console (Amazon Redshift › Clusters › \`${operation.name}\`), or add it to chatops.yml as a target so \`/redshift pause\` and \`/redshift delete\` can reach it`;
  return `:moneybag: Reminder: \`${operation.name}\` bills ${bill} until it is paused or deleted. When it is no longer needed, ${how}.`;
}

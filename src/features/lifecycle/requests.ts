import type { NewRequest } from '../../approvals/types';
import { describePeople } from '../../approvals/people';
import type { ChatopsConfig } from '../../config/chatops';
import type { FinalSnapshot } from '../../redshift/lifecycle';
import { EXECUTE_JOB } from './ids';
import type { LifecycleAction, LifecycleOperation } from './types';

/** The approval request of one lifecycle operation (pure): who, what, the exact calls, and how many approvals. */

/** Approvals the operation needs: the policy's, plus one when a deletion skips its final snapshot (by default). */
export function approvalsFor(config: ChatopsConfig, operation: Pick<LifecycleOperation, 'action' | 'finalSnapshot'>): number {
  const policy = config.policies[operation.action];
  const extra = operation.action === 'delete' && operation.finalSnapshot?.skip === true && policy.skipFinalSnapshotExtraApproval ? 1 : 0;
  return policy.approvalsRequired + extra;
}

/** AWS's retention parameter: -1 keeps a snapshot until it is deleted. */
export function retentionParam(retention: number | 'forever'): number {
  return retention === 'forever' ? -1 : retention;
}

function retentionWords(retention: number | 'forever'): string {
  return retention === 'forever' ? 'kept until deleted' : `kept ${retention} day${retention === 1 ? '' : 's'}`;
}

export function finalSnapshotLine(final: FinalSnapshot | undefined): string {
  if (!final || final.skip)
    return ':red_circle: *NO FINAL SNAPSHOT — the data cannot be recovered.* The requester chose to skip it; this needs one more approval.';
  return `:camera: *Final snapshot:* \`${final.name}\` (${retentionWords(final.retentionDays)})`;
}

/** The calls shown verbatim to approvers. */
export function callsFor(config: ChatopsConfig, operation: LifecycleOperation): string[] {
  const target = config.targets[operation.target];
  const final = operation.finalSnapshot;
  if (target.kind === 'serverless') {
    const namespace =
      final && !final.skip
        ? `DeleteNamespace namespaceName=${target.namespace} finalSnapshotName=${final.name} finalSnapshotRetentionPeriod=${retentionParam(final.retentionDays)}`
        : `DeleteNamespace namespaceName=${target.namespace} (no final snapshot)`;
    return [`DeleteWorkgroup workgroupName=${target.workgroup}`, '(wait until the workgroup is gone)', namespace];
  }
  switch (operation.action) {
    case 'pause':
      return [`PauseCluster ClusterIdentifier=${target.cluster}`];
    case 'resume':
      return [`ResumeCluster ClusterIdentifier=${target.cluster}`];
    case 'maintenance':
      return [
        `ModifyClusterMaintenance ClusterIdentifier=${target.cluster} DeferMaintenance=true DeferMaintenanceDuration=${operation.deferDays ?? 0}`,
      ];
    case 'delete':
      return [
        final && !final.skip
          ? `DeleteCluster ClusterIdentifier=${target.cluster} FinalClusterSnapshotIdentifier=${final.name} FinalClusterSnapshotRetentionPeriod=${retentionParam(final.retentionDays)}`
          : `DeleteCluster ClusterIdentifier=${target.cluster} SkipFinalClusterSnapshot=true`,
      ];
  }
}

const TITLES: Readonly<Record<LifecycleAction, string>> = {
  pause: 'pause',
  resume: 'resume',
  delete: 'DELETE',
  maintenance: 'defer maintenance of',
};

export function lifecycleRequest(config: ChatopsConfig, operation: LifecycleOperation): NewRequest<LifecycleOperation> {
  const policy = config.policies[operation.action];
  const target = config.targets[operation.target];
  const identifier =
    target.kind === 'provisioned'
      ? `cluster \`${target.cluster}\``
      : `workgroup \`${target.workgroup}\` and namespace \`${target.namespace}\``;
  const what = operation.action === 'maintenance' ? `by ${operation.deferDays} day${operation.deferDays === 1 ? '' : 's'}` : '';
  const summary = [
    `${operation.action === 'delete' ? ':wastebasket:' : ':gear:'} *${capitalize(TITLES[operation.action])} ${operation.target}* (${identifier}) ${what}`.trim(),
    `*Who:* <@${operation.requester}>`,
    `*Approvers:* ${describePeople(policy.approvers)}; the requester cannot approve, and each approver counts once.`,
  ];
  if (operation.action === 'delete')
    summary.push(finalSnapshotLine(operation.finalSnapshot), 'Deletion cannot be cancelled once it starts.');
  if (operation.action === 'pause') summary.push('Pausing ends running queries and cannot be cancelled; storage still bills.');
  return {
    action: `lifecycle.${operation.action}`,
    requester: operation.requester,
    target: operation.target,
    title: `<@${operation.requester}> asks to ${TITLES[operation.action]} ${operation.target}${what ? ` ${what}` : ''}`,
    summary,
    willRun: callsFor(config, operation),
    details: operation,
    approvers: policy.approvers,
    approvalsRequired: approvalsFor(config, operation),
    breakGlassAllowed: false,
    executor: EXECUTE_JOB,
    idempotencyKey: `lifecycle:${operation.action}:${operation.key}`,
  };
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

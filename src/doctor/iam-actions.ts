import type { ChatopsConfig } from '../config/chatops';
import type { Target } from '../config/targets';

/**
 * The write actions each kind needs (serverless.yml); the doctor never calls them, it asks IAM's policy
 * simulator. Serverless also lists ListSnapshotCopyConfigurations: a status read leaves the copy out
 * when AWS refuses that call, so the doctor's own status read cannot show it missing. Provisioned lists
 * DescribeSnapshotCopyGrants, which only `backup copy` of a KMS-encrypted cluster calls.
 */
export const WRITE_ACTIONS: Readonly<Record<Target['kind'], readonly string[]>> = {
  provisioned: [
    'redshift:CreateClusterSnapshot',
    'redshift:DeleteClusterSnapshot',
    'redshift:ModifyClusterSnapshot',
    'redshift:RestoreTableFromClusterSnapshot',
    'redshift:RestoreFromClusterSnapshot',
    'redshift:EnableSnapshotCopy',
    'redshift:ModifySnapshotCopyRetentionPeriod',
    'redshift:DisableSnapshotCopy',
    'redshift:DescribeSnapshotCopyGrants',
    'redshift:PauseCluster',
    'redshift:ResumeCluster',
    'redshift:DeleteCluster',
    'redshift:ModifyCluster',
    'redshift:ModifyClusterMaintenance',
  ],
  serverless: [
    'redshift-serverless:CreateSnapshot',
    'redshift-serverless:DeleteSnapshot',
    'redshift-serverless:ConvertRecoveryPointToSnapshot',
    'redshift-serverless:RestoreTableFromSnapshot',
    'redshift-serverless:RestoreTableFromRecoveryPoint',
    'redshift-serverless:CreateUsageLimit',
    'redshift-serverless:DeleteWorkgroup',
    'redshift-serverless:DeleteNamespace',
    'redshift-serverless:RestoreFromSnapshot',
    'redshift-serverless:RestoreFromRecoveryPoint',
    'redshift-serverless:CreateSnapshotCopyConfiguration',
    'redshift-serverless:UpdateSnapshotCopyConfiguration',
    'redshift-serverless:DeleteSnapshotCopyConfiguration',
    'redshift-serverless:ListSnapshotCopyConfigurations',
  ],
};

/** serverless.yml's RedshiftDataRun statement: scoped to clusters and workgroups. */
export const DATA_RUN_ACTIONS = ['redshift-data:ExecuteStatement', 'redshift-data:BatchExecuteStatement'] as const;

/** serverless.yml's RedshiftDataOwnStatements statement: no resource, a condition on the statement's owner. */
export const DATA_OWN_ACTIONS = [
  'redshift-data:DescribeStatement',
  'redshift-data:GetStatementResult',
  'redshift-data:CancelStatement',
] as const;

/** The condition key RedshiftDataOwnStatements tests: the caller's aws:userid must own the statement. */
export const STATEMENT_OWNER_KEY = 'redshift-data:statement-owner-iam-userid';

export interface ContextValue {
  key: string;
  values: string[];
}

/** Actions simulated together on one resource: one doctor line. */
export interface ActionGroup {
  target?: string;
  /** What the line says was checked, in a few words. */
  label: string;
  actions: readonly string[];
  resource: string;
  context?: ContextValue[];
  /** Said after the result (why this group is checked this way). */
  note?: string;
}

/** Who the caller is, as GetCallerIdentity says, and the region the doctor's clients use. */
export interface CallerFacts {
  account: string;
  arn: string;
  /** aws:userid: `<role id>:<session>` for a role session. */
  userId?: string;
  region?: string;
}

export interface GroupInputs {
  config: ChatopsConfig;
  caller: CallerFacts;
  /** CHATOPS_WORKER_FUNCTION: a name or an ARN. */
  workerFunction?: string;
  /** Serverless targets' workgroup ARNs as GetWorkgroup gave them, by target name. */
  workgroupArns?: Readonly<Record<string, string>>;
}

/** `arn:<partition>:…` -> partition (aws, aws-cn, aws-us-gov). */
export function partitionOf(arn: string): string {
  return /^arn:([^:]+):/.exec(arn)?.[1] ?? 'aws';
}

/**
 * The target's own warehouse ARN, which every write and Data API run action is simulated on.
 * Serverless ARNs carry a generated id, not the name: GetWorkgroup's ARN when it could be read, else
 * the id is '*', as serverless.yml scopes them. An action IAM authorizes against a snapshot or
 * namespace is simulated on this ARN too: serverless.yml lists those ARNs in the same statements.
 */
export function warehouseArn(target: Target, caller: CallerFacts, workgroupArn?: string): string | undefined {
  if (target.kind === 'serverless' && workgroupArn !== undefined) return workgroupArn;
  const region = target.region ?? caller.region;
  if (region === undefined) return undefined;
  const partition = partitionOf(caller.arn);
  return target.kind === 'provisioned'
    ? `arn:${partition}:redshift:${region}:${caller.account}:cluster:${target.cluster}`
    : `arn:${partition}:redshift-serverless:${region}:${caller.account}:workgroup/*`;
}

/** The worker's ARN, built from its name as serverless.yml builds it; '*' when the region is unknown. */
export function workerArn(workerFunction: string, caller: CallerFacts): string {
  if (workerFunction.startsWith('arn:')) return workerFunction;
  if (caller.region === undefined) return '*';
  return `arn:${partitionOf(caller.arn)}:lambda:${caller.region}:${caller.account}:function:${workerFunction}`;
}

/**
 * The IAM actions the bot calls beyond the reads the doctor makes itself, grouped by the resource
 * they are simulated on: per target its write actions, its Data API runs and its secret; then the
 * Data API's statement reads, the worker and Cost Explorer when the setup uses them.
 */
export function actionGroups({ config, caller, workerFunction, workgroupArns = {} }: GroupInputs): ActionGroup[] {
  const groups: ActionGroup[] = [];
  for (const [name, target] of Object.entries(config.targets)) {
    const resource = warehouseArn(target, caller, workgroupArns[name]) ?? '*';
    groups.push({ target: name, label: 'write actions', actions: WRITE_ACTIONS[target.kind], resource });
    groups.push({ target: name, label: 'Data API statements', actions: DATA_RUN_ACTIONS, resource });
    if (target.secretArn !== undefined) {
      groups.push({ target: name, label: 'database secret', actions: ['secretsmanager:GetSecretValue'], resource: target.secretArn });
    }
  }
  groups.push({
    label: 'Data API results of its own statements',
    actions: DATA_OWN_ACTIONS,
    resource: '*',
    ...(caller.userId ? { context: [{ key: STATEMENT_OWNER_KEY, values: [caller.userId] }] } : {}),
    note: caller.userId ? `as statement owner ${caller.userId}` : undefined,
  });
  if (workerFunction !== undefined) {
    groups.push({ label: 'worker invocation', actions: ['lambda:InvokeFunction'], resource: workerArn(workerFunction, caller) });
  }
  if (config.cost.costExplorer.enabled) {
    groups.push({
      label: 'Cost Explorer',
      actions: ['ce:GetCostAndUsage'],
      resource: '*',
      note: 'simulated only: the doctor never calls Cost Explorer, which bills every request',
    });
  }
  return groups;
}

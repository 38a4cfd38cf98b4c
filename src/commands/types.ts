/**
 * The typed result of a `/redshift` command. A field left undefined is either optional (its meaning
 * is given below) or missing, in which case parseCommand lists it in `missing` and the router asks
 * for it in a modal.
 */
export type Command =
  | { verb: 'help'; topic?: string }
  /** No target: every target. */
  | { verb: 'status'; target?: string }
  /** No target: the role's only one, else a form asks. No duration: the role's default. */
  | { verb: 'access.request'; role?: string; target?: string; durationMs?: number; reason?: string }
  | { verb: 'access.list' }
  | { verb: 'access.revoke'; grantId?: string }
  /** No retention: the account's default for manual snapshots (forever). */
  | { verb: 'snapshot.create'; target?: string; retentionDays?: number | 'forever' }
  /** No target: every target. */
  | { verb: 'snapshot.list'; target?: string }
  | { verb: 'snapshot.keep'; recoveryPoint?: string; retentionDays?: number | 'forever' }
  | { verb: 'snapshot.delete'; snapshot?: string }
  /** No days: show the setting; with days: change it. No target when only showing: every target. */
  | { verb: 'backup.retention'; target?: string; days?: number }
  /** No region: show cross-region copy (every target when none is named); a Region (with days) or `off`: change it. */
  | { verb: 'backup.copy'; target?: string; region?: string; days?: number }
  | { verb: 'restore'; target?: string }
  /** Provisioned: a snapshot into a new cluster `newName`. Serverless: a snapshot or recovery point into the namespace, which `newName` must name. */
  | { verb: 'restore.cluster'; source?: string; newName?: string; target?: string }
  | { verb: 'pause'; target?: string }
  | { verb: 'resume'; target?: string }
  | { verb: 'delete'; target?: string }
  /** No target: every target. */
  | { verb: 'cost'; target?: string; period: CostPeriod }
  /** No target: every target. */
  | { verb: 'vacuum.check'; target?: string }
  /** schema and table are lower-case Redshift identifiers (validated, not yet quoted). */
  | { verb: 'vacuum.run'; target?: string; schema?: string; table?: string }
  /** No target: every target with a `permissions` baseline. */
  | { verb: 'grants.check'; target?: string }
  | { verb: 'grants.apply'; target?: string }
  | { verb: 'grants.baseline'; target?: string }
  /** A schema, or one table of it (lower-case identifiers, validated, not yet quoted). */
  | { verb: 'who'; target?: string; schema?: string; table?: string }
  /** No target: every target's checks; with one, that target's and the shared ones (Slack, store). */
  | { verb: 'doctor'; target?: string };

export type Verb = Command['verb'];

export type CostPeriod = 'today' | 'week' | 'month';

/** Every verb once; `satisfies` plus the check below keep it in step with Command. */
export const verbs = [
  'help',
  'status',
  'access.request',
  'access.list',
  'access.revoke',
  'snapshot.create',
  'snapshot.list',
  'snapshot.keep',
  'snapshot.delete',
  'backup.retention',
  'backup.copy',
  'restore',
  'restore.cluster',
  'pause',
  'resume',
  'delete',
  'cost',
  'vacuum.check',
  'vacuum.run',
  'grants.check',
  'grants.apply',
  'grants.baseline',
  'who',
  'doctor',
] as const satisfies readonly Verb[];

// Compile-time proof that no verb of Command is left out of `verbs`.
type MissingVerbs = Exclude<Verb, (typeof verbs)[number]>;
const allVerbsListed: MissingVerbs extends never ? true : false = true;
void allVerbsListed;

/** The fields a command can be missing; the router opens a modal asking for them. */
export type MissingField = 'target' | 'role' | 'grantId' | 'recoveryPoint' | 'snapshot' | 'schema' | 'table' | 'restoreSource' | 'clusterName';

/** What the parser needs to know from chatops.yml. */
export interface ParseContext {
  targets: string[];
  roles: string[];
  /** Where each role may be granted (access.roles.*.targets); help names such a target in its example. Absent: every target. */
  roleTargets?: Readonly<Record<string, readonly string[]>>;
}

export type ParseResult =
  | { ok: true; command: Command; missing: MissingField[] }
  | { ok: false; error: string; usage: string; suggestion?: string };

/**
 * The one table of `/redshift` commands. The parser, the help text and the manifest check all read
 * it, so a command's words, arguments and wording are written here and nowhere else.
 */
import type { ArgKind } from './args';
import type { Verb } from './types';

export const slashCommand = '/redshift';

export interface ArgSpec {
  kind: ArgKind;
  /** The name shown in the usage line. */
  name: string;
  /** Shown as `<name>` when required, `[name]` when optional. A required argument left out is asked for in a modal. */
  required: boolean;
  /**
   * Targets only: what leaving it out means when chatops.yml has several targets (with one, it is
   * filled in). `all`: every target. `ask`: a modal asks. `ask-when-changing`: a modal asks only
   * when a value to set follows (`backup retention 7`), otherwise every target is shown.
   */
  omitted?: 'all' | 'ask' | 'ask-when-changing';
  /**
   * Taken only when the word is exactly a valid value (a typo is not one), and never at the expense
   * of an earlier argument: `access request pii_users prods down` keeps `prods down` as the reason,
   * as before targets could be named there.
   */
  exact?: boolean;
  /**
   * Always takes the next word, valid or not: nothing after it can stand in its place, so a wrong
   * word is reported as this argument (`restore cluster snap-a- new prod` names the snapshot).
   */
  positional?: boolean;
}

export interface GrammarEntry {
  verb: Verb;
  /** The words that name the command, e.g. `['snapshot', 'create']`. */
  words: readonly string[];
  args: readonly ArgSpec[];
  /** Heading the command is listed under in the help text. */
  section: string;
  description: string;
  /**
   * A working example on the sandbox seed; `{target}` and `{role}` are replaced with names from
   * chatops.yml (`{target}` with one the role may be granted on when both appear).
   */
  example: string;
}

const target = (omitted: ArgSpec['omitted']): ArgSpec => ({ kind: 'target', name: 'target', required: false, omitted });
const requiredTarget: ArgSpec = { kind: 'target', name: 'target', required: true, omitted: 'ask' };
const retention: ArgSpec = { kind: 'retentionDays', name: 'retention-days', required: false };

export const grammar: readonly GrammarEntry[] = [
  {
    verb: 'status',
    words: ['status'],
    args: [target('all')],
    section: 'Status',
    description: 'State, size, nodes or RPUs and the next maintenance window; without a target, all of them.',
    example: 'status {target}',
  },
  {
    verb: 'access.request',
    words: ['access', 'request'],
    args: [
      { kind: 'role', name: 'role', required: true },
      // No `omitted`: the feature knows the role's targets (its only one is taken, several open the form).
      { kind: 'target', name: 'target', required: false, exact: true },
      { kind: 'duration', name: 'duration', required: false },
      { kind: 'reason', name: 'reason…', required: false },
    ],
    section: 'Access',
    description:
      "Ask to hold a role on a target for a while; approvers decide, and access ends by itself (default: the role's duration). A role granted on one target needs no target; left out for a role on several, a form asks.",
    example: 'access request {role} {target} 4h investigating ticket 123',
  },
  {
    verb: 'access.list',
    words: ['access', 'list'],
    args: [],
    section: 'Access',
    description: 'Active and pending grants, with their ids and when they end.',
    example: 'access list',
  },
  {
    verb: 'access.revoke',
    words: ['access', 'revoke'],
    args: [{ kind: 'grantId', name: 'grant-id', required: true }],
    section: 'Access',
    description: 'End a grant now (grant ids look like `g-3f9a0c1b`; see `access list`).',
    example: 'access revoke g-3f9a0c1b',
  },
  {
    verb: 'snapshot.create',
    words: ['snapshot', 'create'],
    args: [target('ask'), retention],
    section: 'Snapshots and backups',
    description: 'Take a manual snapshot, kept for 1–3653 days or `forever` (the default).',
    example: 'snapshot create {target} 7',
  },
  {
    verb: 'snapshot.list',
    words: ['snapshot', 'list'],
    args: [target('all')],
    section: 'Snapshots and backups',
    description: 'Recent snapshots and Serverless recovery points, newest first.',
    example: 'snapshot list {target}',
  },
  {
    verb: 'snapshot.keep',
    words: ['snapshot', 'keep'],
    args: [{ kind: 'recoveryPoint', name: 'recovery-point', required: true }, retention],
    section: 'Snapshots and backups',
    description: 'Turn a Serverless recovery point (kept only 24 hours; `snapshot list` shows their ids) into a snapshot.',
    example: 'snapshot keep 8f14e45f-ceea-467f-a0e6-2ad9b1f0a0c3 30',
  },
  {
    verb: 'snapshot.delete',
    words: ['snapshot', 'delete'],
    args: [{ kind: 'snapshot', name: 'snapshot', required: true }],
    section: 'Snapshots and backups',
    description: 'Delete a manual snapshot, after confirmation.',
    example: 'snapshot delete lake-pre-release',
  },
  {
    verb: 'backup.retention',
    words: ['backup', 'retention'],
    args: [target('ask-when-changing'), { kind: 'backupDays', name: 'days', required: false }],
    section: 'Snapshots and backups',
    description: 'Show how many days automated snapshots are kept, or set it (1–35).',
    example: 'backup retention {target} 7',
  },
  {
    verb: 'backup.copy',
    words: ['backup', 'copy'],
    args: [
      target('ask-when-changing'),
      { kind: 'copyRegion', name: 'region|off', required: false },
      { kind: 'copyDays', name: 'days', required: false },
    ],
    section: 'Snapshots and backups',
    description:
      'Show cross-region snapshot copy and its estimated monthly cost, or, after approval, copy snapshots to another Region kept `days` (1–35 for a cluster), change the days, or turn it `off`.',
    example: 'backup copy {target} us-west-2 7',
  },
  {
    verb: 'restore',
    words: ['restore'],
    args: [target('ask')],
    section: 'Snapshots and backups',
    description: 'Restore one table from a snapshot or recovery point into a new table; progress goes to a thread.',
    example: 'restore {target}',
  },
  {
    verb: 'restore.cluster',
    words: ['restore', 'cluster'],
    args: [
      { kind: 'restoreSource', name: 'snapshot', required: true, positional: true },
      { kind: 'clusterName', name: 'new-name', required: true, positional: true },
      target('ask'),
    ],
    section: 'Snapshots and backups',
    description:
      "Restore a whole snapshot into a NEW cluster (it bills per hour until paused or deleted), after a preview and approval. Serverless: a snapshot or recovery point into the target's own namespace, replacing its data; type the namespace's name as <new-name>.",
    example: 'restore cluster prod-before-cleanup analytics-restored {target}',
  },
  {
    verb: 'pause',
    words: ['pause'],
    args: [requiredTarget],
    section: 'Lifecycle',
    description: 'Pause a provisioned cluster; compute stops billing, storage does not.',
    example: 'pause {target}',
  },
  {
    verb: 'resume',
    words: ['resume'],
    args: [requiredTarget],
    section: 'Lifecycle',
    description: 'Resume a paused cluster.',
    example: 'resume {target}',
  },
  {
    verb: 'delete',
    words: ['delete'],
    args: [requiredTarget],
    section: 'Lifecycle',
    description: 'Delete a target after a two-person, typed-name confirmation; a final snapshot is taken unless waived.',
    example: 'delete {target}',
  },
  {
    verb: 'cost',
    words: ['cost'],
    args: [target('all'), { kind: 'period', name: 'today|week|month', required: false }],
    section: 'Cost',
    description: 'Spend so far for today, this week or this month (the default), against the budget.',
    example: 'cost {target} week',
  },
  {
    verb: 'vacuum.check',
    words: ['vacuum', 'check'],
    args: [target('all')],
    section: 'Table health',
    description: 'Tables that need VACUUM or ANALYZE (unsorted rows, stale statistics).',
    example: 'vacuum check {target}',
  },
  {
    verb: 'vacuum.run',
    words: ['vacuum', 'run'],
    args: [requiredTarget, { kind: 'schemaTable', name: 'schema.table', required: true }],
    section: 'Table health',
    description: 'Run the VACUUM (and ANALYZE) one table needs; one VACUUM per cluster at a time, others wait their turn.',
    example: 'vacuum run {target} analytics.sessions',
  },
  {
    verb: 'grants.check',
    words: ['grants', 'check'],
    args: [target('all')],
    section: 'Permissions',
    description: 'What differs between the `permissions` baseline in chatops.yml and the warehouse, each with the statement that fixes it.',
    example: 'grants check {target}',
  },
  {
    verb: 'grants.apply',
    words: ['grants', 'apply'],
    args: [target('ask')],
    section: 'Permissions',
    description: 'Ask approvers to run the statements that bring the warehouse back to its baseline, then check the result.',
    example: 'grants apply {target}',
  },
  {
    verb: 'grants.baseline',
    words: ['grants', 'baseline'],
    args: [target('ask')],
    section: 'Permissions',
    description: "The warehouse's current permissions as a `permissions` block for chatops.yml.",
    example: 'grants baseline {target}',
  },
  {
    verb: 'who',
    words: ['who'],
    args: [{ kind: 'schemaOrTable', name: 'schema[.table]', required: true }, target('ask')],
    section: 'Permissions',
    description: 'Everyone who can read a schema or table and through what; temporary grants show when they end.',
    example: 'who pii {target}',
  },
  {
    verb: 'doctor',
    words: ['doctor'],
    args: [target('all')],
    section: 'Setup',
    description:
      "Check, read-only, that the bot's AWS access, database identity, Slack token and store will work; each missing piece with its fix.",
    example: 'doctor {target}',
  },
  {
    verb: 'help',
    words: ['help'],
    args: [],
    section: 'Help',
    description: 'This list; `help snapshot` shows one group.',
    example: 'help',
  },
];

/** `snapshot create [target] [retention-days]` — the grammar line, without the slash command. */
export function usageLine(entry: GrammarEntry): string {
  const args = entry.args.map((arg) => (arg.required ? `<${arg.name}>` : `[${arg.name}]`));
  return [...entry.words, ...args].join(' ');
}

export function entryFor(verb: Verb): GrammarEntry {
  const entry = grammar.find((e) => e.verb === verb);
  if (!entry) throw new Error(`No grammar entry for verb ${verb}`);
  return entry;
}

/** First words in table order, without repeats: status, access, snapshot, backup, … */
export const firstWords: readonly string[] = [...new Set(grammar.map((e) => e.words[0]))];

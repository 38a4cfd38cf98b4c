import { codeBlock, codeSpan, escapeMrkdwn } from '../slack-text';
import type { AuditRecord } from '../store/store';

/** One audit record as people read it: a sentence for the channel, and what went in and came back. */
export interface AuditRendering {
  sentence: string;
  /** mrkdwn with code blocks (the statement, then the rest of the record), or undefined when nothing is left. */
  details?: string;
}

/** A section block's text holds 3,000 characters; the details stay under it, saying what was left out. */
export const MAX_DETAILS_CHARS = 2_900;
/** A reason or an error quoted in the sentence; the details carry it whole. */
const MAX_QUOTE_CHARS = 150;
/** A target, role, table or id named in the sentence (names can be typed by users). */
const MAX_NAME_CHARS = 60;

/** [what the actor did, what they tried to do]: "approved a request on prod" / "approve a request on prod". */
const PHRASES: Record<string, readonly [string, string]> = {
  'access.request': ['asked for access to', 'ask for access to'],
  'access.granted': ['granted access on', 'grant access on'],
  'access.grant': ['granted access on', 'grant access on'],
  'access.grant.retrying': ['is retrying a grant on', 'retry a grant on'],
  'access.grant.unverified': ['granted access, unverified, on', 'grant access on'],
  'access.extended': ['extended access on', 'extend access on'],
  'access.extend': ['extended access on', 'extend access on'],
  'access.revoked': ['revoked access on', 'revoke access on'],
  'access.revoke': ['revoked access on', 'revoke access on'],
  'access.revoke.escalated': ['escalated a revoke that keeps failing on', 'revoke access on'],
  'access.revoke.abandoned': ['took over an abandoned revoke on', 'revoke access on'],
  'access.sessions.ended': ['ended the sessions of an ended grant on', 'end sessions on'],
  'access.sessions': ['ended the sessions of an ended grant on', 'end sessions on'],
  'access.sql': ['ran a statement on', 'run a statement on'],
  'approval.open': ['opened an approval request on', 'open an approval request on'],
  'approval.approve': ['approved a request on', 'approve a request on'],
  'approval.deny': ['denied a request on', 'deny a request on'],
  'approval.break-glass': ['approved their own request (break-glass) on', 'break glass on'],
  'approval.expire': ['closed an unanswered request on', 'expire a request on'],
  'approval.execute': ['started the approved work on', 'start the approved work on'],
  approval: ['decided a request on', 'decide a request on'],
  'snapshot.create': ['took a snapshot of', 'take a snapshot of'],
  'snapshot.delete': ['deleted a snapshot of', 'delete a snapshot of'],
  'snapshot.keep': ['changed how long a snapshot is kept on', 'change how long a snapshot is kept on'],
  snapshot: ['checked a snapshot of', 'take a snapshot of'],
  'restore.request': ['asked to restore', 'restore'],
  'restore.start': ['started a restore of', 'restore'],
  'restore.swap.request': ['asked to swap in the restored copy of', 'swap in the restored copy of'],
  'restore.swap': ['swapped in the restored copy of', 'swap in the restored copy of'],
  restore: ['restored', 'restore'],
  'lifecycle.pause': ['paused', 'pause'],
  'lifecycle.resume': ['resumed', 'resume'],
  'lifecycle.delete': ['deleted', 'delete'],
  'lifecycle.maintenance': ['changed the maintenance window of', 'change the maintenance window of'],
  'lifecycle.form': ['opened a form for', 'open a form for'],
  vacuum: ['asked to VACUUM', 'VACUUM'],
  'vacuum.queued': ['queued a VACUUM on', 'VACUUM'],
  'vacuum.statement': ['ran a VACUUM statement on', 'VACUUM'],
  'vacuum.finished': ['finished a VACUUM on', 'VACUUM'],
  'vacuum.check': ['checked which tables need VACUUM on', 'check tables on'],
  'vacuum.reminder': ['posted the VACUUM reminder for', 'post the VACUUM reminder for'],
  'vacuum.reminder.deferred': ['put off the VACUUM reminder for', 'post the VACUUM reminder for'],
  'vacuum.snooze': ['snoozed the VACUUM reminder for', 'snooze the VACUUM reminder for'],
  'retention.request': ['asked to change snapshot retention on', 'change snapshot retention on'],
  'retention.set': ['changed snapshot retention on', 'change snapshot retention on'],
  retention: ['changed snapshot retention on', 'change snapshot retention on'],
  'permissions.request': ['asked to apply grants on', 'apply grants on'],
  'permissions.sql': ['ran a grants statement on', 'apply grants on'],
  'permissions.drift': ['checked grants against chatops.yml on', 'check grants on'],
  permissions: ['applied grants on', 'apply grants on'],
  doctor: ['ran doctor on', 'run doctor on'],
  'cost.alert': ['raised a cost alert for', 'raise a cost alert for'],
  'cost.digest': ['posted the billing digest for', 'post the billing digest for'],
  'cost.report': ['reported costs for', 'report costs for'],
  'cost.usageLimit.ask': ['asked to change a usage limit on', 'change a usage limit on'],
  'cost.usageLimit.request': ['asked to change a usage limit on', 'change a usage limit on'],
  cost: ['checked costs for', 'check costs for'],
  'job.abandoned': ['gave up on the job', 'run the job'],
};

type Json = Record<string, unknown>;

function isJson(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function fields(value: unknown): Json {
  return isJson(value) ? value : {};
}

function text(value: unknown): string | undefined {
  if (typeof value === 'string' && value) return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** Recorded text (a reason, an error) quoted: escaped, so it can never mention anyone or break the line. */
function quote(value: string): string {
  const line = value.replace(/\s+/g, ' ').trim();
  const cut = line.length > MAX_QUOTE_CHARS ? `${line.slice(0, MAX_QUOTE_CHARS - 1)}… (whole text below)` : line;
  // A backtick would open a code span that swallows the rest of the sentence.
  return `“${escapeMrkdwn(cut).replace(/`/g, "'")}”`;
}

/** A name in the sentence, as inline code, short enough that the sentence always fits its block. */
function code(value: string): string {
  return codeSpan(value.length > MAX_NAME_CHARS ? `${value.slice(0, MAX_NAME_CHARS - 1)}…` : value);
}

/** Display names by Slack user id, looked up before rendering. */
export type AuditNames = ReadonlyMap<string, string>;

/**
 * A person by display name and id, never as a mention: an audit line must not notify the people it
 * names. The bot is "The bot"; an id without a known name is shown as it is.
 */
export function actorText(actor: string, names: AuditNames = new Map()): string {
  if (actor === 'system') return 'The bot';
  const name = names.get(actor);
  return name ? `${escapeMrkdwn(name)} (${escapeMrkdwn(actor)})` : escapeMrkdwn(actor);
}

function duration(ms: unknown): string | undefined {
  if (typeof ms !== 'number' || !(ms > 0)) return undefined;
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `${minutes} min`;
  const hours = minutes / 60;
  return Number.isInteger(hours) ? `${hours} h` : `${Math.floor(hours)} h ${minutes % 60} min`;
}

/** A step of a longer action (`lifecycle.pause.preview`): what it says, given the action's "to …" form. */
const STEPS: Record<string, (to: string, did: string) => readonly [string, string]> = {
  request: (to) => [`asked to ${to}`, `ask to ${to}`],
  preview: (to) => [`looked at what it takes to ${to}`, `look at what it takes to ${to}`],
  confirm: (to) => [`confirmed they want to ${to}`, `confirm they want to ${to}`],
  done: (to, did) => [did, to],
  timeout: (to) => [`gave up waiting to ${to}`, to],
  ask: (to) => [`asked to ${to}`, `ask to ${to}`],
};

/**
 * The phrase for an action: its own, a step of a known one, or (for a reported state such as
 * `snapshot.available`) its family's; undefined when the action is unknown.
 */
function phraseOf(base: string, result: Json): readonly [string, string] | undefined {
  if (PHRASES[base]) return PHRASES[base];
  const cut = base.lastIndexOf('.');
  if (cut < 0) return undefined;
  const parent = PHRASES[base.slice(0, cut)];
  const step = STEPS[base.slice(cut + 1)];
  if (parent && step) return step(parent[1], parent[0]);
  if (parent && (text(result.status) || text(result.outcome))) return parent;
  return undefined;
}

const ENDINGS = ['refused', 'failed', 'form-error'] as const;

/** How it ended, from the action's last word and the result's usual fields. */
function ending(action: string, result: Json): string {
  const why = text(result.reason) ?? text(result.refusal) ?? text(result.note);
  const error = text(result.error);
  if (action.endsWith('.refused')) return why ? `: refused, ${quote(why)}` : ': refused';
  if (error) return `: failed, ${quote(error)}`;
  if (action.endsWith('.failed') || action.endsWith('.form-error')) return why ? `: failed, ${quote(why)}` : ': failed';
  if (text(result.unverified)) return `, not verified: ${quote(String(result.unverified))}`;
  const status = text(result.status) ?? text(result.outcome);
  return status ? ` (${escapeMrkdwn(status)})` : '';
}

/** Words about what went in that a reader needs in the sentence; the rest stays in the details. */
function extras(input: Json, result: Json, names: AuditNames): string {
  const parts: string[] = [];
  const role = text(input.role);
  if (role) parts.push(` as ${code(role)}`);
  const table = text(input.table);
  if (table) parts.push(` table ${code(table)}`);
  const snapshot = text(input.snapshot) ?? text(result.snapshot) ?? text(result.snapshotId);
  if (snapshot) parts.push(` (snapshot ${code(snapshot)})`);
  const cause = text(input.cause);
  if (cause) parts.push(` (${escapeMrkdwn(cause)})`);
  const forHow = duration(input.durationMs);
  if (forHow) parts.push(` for ${forHow}`);
  const user = text(input.user);
  if (user && /^[UW][A-Z0-9]{2,}$/.test(user)) parts.push(` for ${actorText(user, names)}`);
  const statementId = text(result.statementId) ?? text(input.statementId);
  if (statementId) parts.push(`, Data API id ${code(statementId)}`);
  const reason = text(input.reason);
  if (reason) parts.push(`, reason ${quote(reason)}`);
  return parts.join('');
}

function scheduleSentence(record: AuditRecord, input: Json, result: Json): string {
  const task = text(input.task) ?? 'its';
  const name = code(record.target);
  const outcome = text(result.outcome);
  if (outcome === 'ok') return `The schedule ${name} ran the ${escapeMrkdwn(task)} task.`;
  if (outcome === 'not-built') return `The schedule ${name} came due, but the ${escapeMrkdwn(task)} task is not available: nothing ran.`;
  const error = text(result.error);
  return `The schedule ${name} ran the ${escapeMrkdwn(task)} task: failed${error ? `, ${quote(error)}` : ''}.`;
}

function jobSentence(record: AuditRecord, input: Json, result: Json, status: string, names: AuditNames): string {
  const kind = text(input.type);
  const job = `${kind ? `The ${escapeMrkdwn(kind)} job` : 'The job'} ${code(record.target)}`;
  const by = record.actor === 'system' ? '' : ` (started by ${actorText(record.actor, names)})`;
  if (status === 'succeeded') return `${job}${by} finished.`;
  const error = text(result.error);
  return `${job}${by} ${escapeMrkdwn(status)}${error ? `: ${quote(error)}` : ''}.`;
}

/** The sentence alone: who did what to which target, and how it ended. */
export function auditSentence(record: AuditRecord, names: AuditNames = new Map()): string {
  const input = fields(record.input);
  const result = fields(record.result);
  if (record.action === 'schedule.run') return scheduleSentence(record, input, result);
  const job = /^job\.(succeeded|failed)$/.exec(record.action);
  if (job) return jobSentence(record, input, result, job[1], names);

  const who = actorText(record.actor, names);
  const target = code(record.target);
  const suffix = ENDINGS.find((word) => record.action.endsWith(`.${word}`));
  const base = suffix ? record.action.slice(0, -suffix.length - 1) : record.action;
  const phrase = phraseOf(base, result);
  const did = phrase
    ? suffix
      ? `${who} tried to ${phrase[1]} ${target}`
      : `${who} ${phrase[0]} ${target}`
    : `${who} did ${code(record.action)} on ${target}`;
  return `${did}${extras(input, result, names)}${ending(record.action, result)}.`;
}

/** Statements the record carries: `sql`, `statement`, `statements` or (an approval's) `willRun` in the input. */
function statements(input: Json): { sql: string[]; rest: Json } {
  const { sql, statement, statements: many, willRun, ...rest } = input;
  const lists = [many, willRun].flatMap((list) => (Array.isArray(list) ? list : [list]));
  const found = [sql, statement, ...lists].filter((s): s is string => typeof s === 'string');
  if (found.length === 0) return { sql: [], rest: input };
  return { sql: found, rest };
}

/**
 * `body` as a code block of at most `room` characters, saying how much was left out: nothing is
 * dropped without saying so. Escaped first (so the limit holds for what Slack receives), and a cut
 * never splits an entity such as `&amp;`.
 */
function fittedBlock(body: string, room: number, recordId: string): string {
  const whole = codeBlock(body);
  if (whole.length <= room) return whole;
  const inner = whole.slice(3, -3);
  const note = (left: number) =>
    `\n… ${left.toLocaleString('en-US')} more characters left out; the audit log keeps the whole record (${recordId}).`;
  const kept = inner.slice(0, Math.max(0, room - 6 - note(inner.length).length)).replace(/&[a-z]{0,3}$/, '');
  return '```' + kept + note(inner.length - kept.length) + '```';
}

/** The details: the statement in a code block, then what else went in and came back. */
export function auditDetails(record: AuditRecord): string | undefined {
  const isObject = isJson(record.input);
  const { sql, rest } = statements(fields(record.input));
  const other: Json = {};
  if (isObject ? Object.keys(rest).length > 0 : record.input !== undefined && record.input !== null)
    other.input = isObject ? rest : record.input;
  if (record.result !== undefined && record.result !== null) other.result = record.result;
  // Code blocks escape &, < and >: recorded text never mentions anyone from inside the details.
  const blocks = [...(sql.length > 0 ? [sql.join(';\n')] : []), ...(Object.keys(other).length > 0 ? [JSON.stringify(other, null, 1)] : [])];
  if (blocks.length === 0) return undefined;
  // Each block gets its share of the room, the newline between them included.
  const room = Math.floor(MAX_DETAILS_CHARS / blocks.length) - 1;
  return blocks.map((body) => fittedBlock(body, room, record.id)).join('\n');
}

export function renderAudit(record: AuditRecord, names: AuditNames = new Map()): AuditRendering {
  const details = auditDetails(record);
  const sentence = auditSentence(record, names);
  return details ? { sentence, details } : { sentence };
}

/** Routine runs stay in the audit log only: a schedule that ran fine tells the channel nothing. */
export function isRoutine(record: AuditRecord): boolean {
  return record.action === 'schedule.run' && fields(record.result).outcome === 'ok';
}

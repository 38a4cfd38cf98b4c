import type { AccessRole, ChatopsConfig } from '../../config/chatops';
import { openWithinLimit } from '../../approvals/limits';
import { REASON_MAX_CHARS } from '../../commands/args';
import { oneOf } from '../../commands/text';
import { formatDuration } from '../../config/duration';
import * as z from 'zod/mini';
import { readPayload } from '../../jobs/payload';
import { bestEffort } from '../../slack/best-effort';
import { SLACK_BUSY_TEXT, SlackBusyError } from '../../slack/fail-fast';
import { escapeMrkdwn } from '../../approvals/text';
import type { NewRequest } from '../../approvals/types';
import { failureText } from '../shared/failure';
import { reply, type ReplyTo } from '../shared/reply';
import { replyToSchema } from '../shared/payload-schemas';
import { ACCESS_ACTION, GRANT_JOB, OPEN_JOB, type AccessDetails } from './details';
import { breakGlassFits, durationProblem } from './durations';
import { liveGrantFor } from './grants';
import { accessStatements, willRun } from './sql';
import { grantLabel, slackTime } from './texts';
import { databaseUserFor } from './identity';
import type { JobHandler, WorkContext } from '../types';

/** What a person asks for, before it is checked. */
export interface AccessDraft {
  role?: string;
  target?: string;
  durationMs?: number;
  reason?: string;
}

export type DraftField = 'role' | 'target' | 'duration' | 'reason';

export interface AccessAsk {
  role: string;
  target: string;
  durationMs: number;
  reason: string;
}

export type DraftCheck = { ok: true; ask: AccessAsk } | { ok: false; errors: Partial<Record<DraftField, string>> };

/** The role a name refers to; only names in chatops.yml (own keys, never inherited ones). */
export function roleNamed(config: ChatopsConfig, name: string | undefined): AccessRole | undefined {
  return name !== undefined && Object.prototype.hasOwnProperty.call(config.access.roles, name) ? config.access.roles[name] : undefined;
}

/**
 * A target named in the command that the role is not granted on, as the reason it is refused (naming
 * where it is); undefined when none was named or it is one of the role's.
 */
export function targetProblem(roleName: string, role: AccessRole, target: string | undefined): string | undefined {
  if (target === undefined || role.targets.includes(target)) return undefined;
  const where = role.targets.length === 1 ? `only on ${role.targets[0]}` : `on ${oneOf(role.targets)}`;
  const fix = role.targets.length === 1 ? 'leave the target out' : `name one of those`;
  return `${roleName} is granted ${where}, not on ${target}: ${fix}.`;
}

/** Anything missing that a modal must ask for. */
export function needsModal(config: ChatopsConfig, draft: AccessDraft): boolean {
  const role = roleNamed(config, draft.role);
  if (!role) return true;
  if (draft.durationMs === undefined) return true;
  if (role.reasonRequired && !(draft.reason ?? '').trim()) return true;
  return role.targets.length > 1 && !(draft.target && role.targets.includes(draft.target));
}

/** Every rule a request must pass, field by field, so a modal can show each error where it belongs. */
export function checkDraft(config: ChatopsConfig, draft: AccessDraft): DraftCheck {
  const errors: Partial<Record<DraftField, string>> = {};
  const roleNames = Object.keys(config.access.roles);
  const roleName = draft.role;
  const role = roleNamed(config, roleName);
  if (!role || roleName === undefined) {
    errors.role =
      roleNames.length === 0
        ? 'No roles can be requested: chatops.yml lists none under access.roles.'
        : `Choose one of: ${roleNames.join(', ')}.`;
    return { ok: false, errors };
  }
  // A role with one target needs none named; otherwise the named one must be the role's.
  const target =
    role.targets.length === 1 ? role.targets[0] : draft.target && role.targets.includes(draft.target) ? draft.target : undefined;
  if (target === undefined) errors.target = `Choose where you need ${roleName}: ${role.targets.join(', ')}.`;
  const durationMs = draft.durationMs ?? 0;
  const tooLong = durationProblem(roleName, role, durationMs);
  if (tooLong) errors.duration = tooLong;
  const reason = (draft.reason ?? '').trim();
  if (role.reasonRequired && !reason) errors.reason = `${roleName} needs a reason: say why you need it (a ticket, an incident).`;
  else if (reason.length > REASON_MAX_CHARS)
    errors.reason = `The reason is ${reason.length} characters long; keep it to ${REASON_MAX_CHARS}.`;
  if (Object.keys(errors).length > 0 || target === undefined) return { ok: false, errors };
  return { ok: true, ask: { role: roleName, target, durationMs, reason } };
}

/** What the `access.open` job needs: the checked ask, who asked and where to answer. */
export interface OpenJob extends AccessAsk {
  requester: string;
  dbUser: string;
  replyTo: ReplyTo;
  /** The command's or modal's key: a Slack retry opens one request. */
  requestKey: string;
}

/**
 * The job as recorded: without dbUser when only the Slack profile e-mail can tell it, so the
 * users.info lookup runs in the job, after the command or form was acked.
 */
export type OpenJobPayload = Omit<OpenJob, 'dbUser'> & { dbUser?: string };

export const openJobSchema: z.ZodMiniType<OpenJobPayload> = z.object({
  role: z.string(),
  target: z.string(),
  durationMs: z.number(),
  reason: z.string(),
  requester: z.string(),
  dbUser: z.optional(z.string()),
  replyTo: replyToSchema,
  requestKey: z.string(),
});

/** Builds the approval request: who, what, how long, why, the exact statements, and the role's rules. */
export function approvalRequest(
  config: ChatopsConfig,
  job: OpenJob,
  extending?: { grantId: string; endsAt: number },
): NewRequest<AccessDetails> {
  const role = config.access.roles[job.role];
  const statements = accessStatements(role.mode, job.role, job.dbUser, role.endSessionsOnRevoke);
  const howLong = formatDuration(job.durationMs);
  const title = extending
    ? `<@${job.requester}> asks to extend ${job.role} on ${job.target} to ${howLong} from approval (grant ${extending.grantId})`
    : `<@${job.requester}> asks for ${job.role} on ${job.target} for ${howLong}`;
  const summary = [
    extending
      ? `:arrows_counterclockwise: *Extension* of active grant \`${extending.grantId}\` (now ends ${slackTime(extending.endsAt)}): access would last ${howLong} from approval.`
      : `:key: *Access request*`,
    `*Who:* <@${job.requester}> as database user \`${job.dbUser}\``,
    `*What:* ${grantLabel(job.role, job.target)} (${role.mode === 'role' ? 'GRANT ROLE' : 'group membership'})${role.description ? ` — ${escapeMrkdwn(role.description)}` : ''}`,
    `*For:* ${howLong} (longest allowed: ${formatDuration(role.maxDuration)})`,
    `*Why:* ${job.reason ? escapeMrkdwn(job.reason) : '_no reason given_'}`,
  ];
  if (role.endSessionsOnRevoke) summary.push('When access ends, their open sessions are ended too.');
  const details: AccessDetails = {
    role: job.role,
    target: job.target,
    dbUser: job.dbUser,
    durationMs: job.durationMs,
    reason: job.reason,
    mode: role.mode,
    ...(extending ? { grantId: extending.grantId } : {}),
  };
  return {
    action: ACCESS_ACTION,
    requester: job.requester,
    target: job.target,
    title,
    summary,
    willRun: willRun(statements),
    details,
    approvers: { users: role.approvers.users, usergroups: role.approvers.usergroups, everyone: false },
    approvalsRequired: role.approvalsRequired,
    // The workflow shows Break-glass only when allowed: only for roles that allow it, within its shorter maximum.
    breakGlassAllowed: breakGlassFits(role, job.durationMs),
    executor: GRANT_JOB,
    idempotencyKey: `access:${job.requestKey}`,
  };
}

/** The `access.open` job: maps the requester to a database user if not yet known, finds a live grant to extend, then opens the approval request. */
export const openRequestJob: JobHandler = async (payload, context) => {
  const resolved = await withDatabaseUser(readPayload(OPEN_JOB, openJobSchema, payload), context);
  if ('refused' in resolved) return resolved;
  const job = resolved;
  const live = await liveGrantFor(context.store, job.target, job.role, job.dbUser);
  const extending =
    live && (live.data.status === 'active' || live.data.status === 'granting') ? { grantId: live.id, endsAt: live.data.endsAt } : undefined;
  try {
    const request = await openWithinLimit(
      () => context.approvals.open(approvalRequest(context.config, job, extending), context.slack),
      (text) => reply(context.slack, job.replyTo, { text }),
      context.log,
    );
    if (!request) return { refused: 'open-limit' };
    await context.store.appendAudit({
      actor: job.requester,
      action: 'access.request',
      target: job.target,
      input: { role: job.role, dbUser: job.dbUser, durationMs: job.durationMs, reason: job.reason, extends: extending?.grantId },
      result: { requestId: request.id },
    });
    const role = context.config.access.roles[job.role];
    const breakGlass = request.breakGlassAllowed ? ' In an emergency you may use Break-glass on it, with a reason.' : '';
    const text =
      `:incoming_envelope: ${extending ? `Asked to extend grant \`${extending.grantId}\`` : 'Asked for'} ${grantLabel(job.role, job.target)} for ${formatDuration(job.durationMs)} ` +
      `(request \`${request.id}\`): ${role.approvalsRequired} approval${role.approvalsRequired === 1 ? '' : 's'} needed in <#${context.config.channels.approvals}>. ` +
      `I'll message you when it is decided.${breakGlass}`;
    await bestEffort('the reply that the request was sent', () => reply(context.slack, job.replyTo, { text }), context.log);
    return { requestId: request.id, extends: extending?.grantId };
  } catch (error) {
    await context.store.appendAudit({
      actor: job.requester,
      action: 'access.request.failed',
      target: job.target,
      input: { role: job.role },
      result: { error: failureText(error) },
    });
    const text = `:x: Your request for ${grantLabel(job.role, job.target)} could not be sent: ${failureText(error)}. Nothing was requested; try again.`;
    await bestEffort('the reply that the request failed', () => reply(context.slack, job.replyTo, { text }), context.log);
    throw error;
  }
};

/** The identity rule in the job: a refusal or a busy Slack is told to the requester; nothing is requested then. */
async function withDatabaseUser(job: OpenJobPayload, context: WorkContext): Promise<OpenJob | { refused: string }> {
  if (job.dbUser !== undefined) return { ...job, dbUser: job.dbUser };
  // Audited, told to the requester, and nothing requested.
  const refuse = async (refused: string, action: string, result: Record<string, string>, text: string) => {
    await context.store.appendAudit({ actor: job.requester, action, target: job.target, input: { role: job.role }, result });
    await bestEffort(
      `the reply that the request was not sent (${refused})`,
      () => reply(context.slack, job.replyTo, { text }),
      context.log,
    );
    return { refused };
  };
  let identity;
  try {
    identity = await databaseUserFor(context.slack, context.config.identity, job.requester);
  } catch (error) {
    if (!(error instanceof SlackBusyError)) throw error;
    return refuse('slack-busy', 'access.request.failed', { error: error.message }, `${SLACK_BUSY_TEXT} Nothing was requested.`);
  }
  if (!identity.ok) return refuse('identity', 'access.request.refused', { reason: identity.why }, identity.message);
  return { ...job, dbUser: identity.dbUser };
}

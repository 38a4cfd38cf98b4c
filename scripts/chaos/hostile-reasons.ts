import { BREAK_GLASS_MODAL, DENY_MODAL, REASON_BLOCK, REASON_INPUT } from '../../src/approvals/modals';
import type { ApprovalRequest } from '../../src/approvals/types';
import { GRANT_KIND, grantIdFor, type GrantRecord } from '../../src/features/access/grants';
import { REVOKE_MODAL } from '../../src/features/access/revoke-command';
import { slashCommand, viewSubmission, type JsonObject, type SlackHttpResponse } from '../../src/sandbox/slack';
import { APPROVALS, type Harness } from './harness';
import type { Random } from './random';
import type { Tally } from './tally';

const ALICE = 'U0ANALYST';
const BOB = 'U0APPROVER';

/** Characters that make a reason read differently from what it holds: bidi controls, then other invisible ones. */
const HIDDEN = [
  ...['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069', '\u200E', '\u200F', '\u061C'],
  ...['\u200B', '\u2060', '\uFEFF', '\u00AD', '\u180E', '\u2062', '\u{E0041}', '\u3164', '\u0007', '\u001B'],
];
const PLAIN = ['wrong table', 'SEV1, on-call lead unreachable', 'ticket 42', 'not needed', 'export for the auditors'];

/** Slack calls that put a message somewhere (an answer in the modal itself is not one). */
const POSTING = new Set(['chat.postMessage', 'chat.postEphemeral', 'chat.update', 'response_url']);

/**
 * Hostile text where people type reasons for others to read (the deny and break-glass modals), and
 * tampered routing in the revoke form's metadata. Each must be refused in the modal (response_action
 * errors), decide nothing, revoke nothing and post nowhere; anything else is counted as executed.
 */
export async function hostileReasonsAndForms(h: Harness, random: Random, tally: Tally, count: number): Promise<void> {
  const request = await openRequest(h);
  if (!request) {
    tally.findings.push('reasons: no access request could be opened, so the deny and break-glass reasons were not tried');
    return;
  }
  const reasons = Array.from({ length: count }, () => {
    const base = random.pick(PLAIN);
    const at = random.int(base.length + 1);
    return `${base.slice(0, at)}${random.pick(HIDDEN)}${base.slice(at)}`;
  });
  for (const [i, reason] of reasons.entries()) {
    // Deny as an approver; break-glass as the requester (the role allows it): the reason is refused before anything is decided.
    const [user, callbackId] = i % 2 === 0 ? [BOB, DENY_MODAL] : [ALICE, BREAK_GLASS_MODAL];
    await judgeRefused(
      h,
      tally,
      `${callbackId} reason "${escaped(reason)}"`,
      () =>
        h.requester.send(
          viewSubmission({
            userId: user,
            callbackId,
            privateMetadata: JSON.stringify({ requestId: request.id, channel: APPROVALS }),
            values: { [REASON_BLOCK]: { [REASON_INPUT]: { type: 'plain_text_input', value: reason } } },
          }),
        ),
      async () => {
        const now = await h.server.chatops.ports.approvals.get(request.id);
        return now && now.status === 'pending' && now.decisions.length === 0 ? [] : ['the request was decided'];
      },
    );
  }
  const forms = await tamperedRevokeForms(h, tally, request);
  tally.notes.push(`${reasons.length} deny and break-glass reasons with bidi or invisible characters; ${forms} revoke forms with tampered metadata`);
}

/** Opens one access request as Alice and returns it (pending), or undefined when none opened. */
async function openRequest(h: Harness): Promise<ApprovalRequest | undefined> {
  const ports = h.server.chatops.ports;
  const before = new Set((await ports.store.list<ApprovalRequest>('request', { limit: 1000 })).items.map((i) => i.id));
  await h.requester.send(slashCommand({ text: 'access request analytics_authors 1h chaos reasons', userId: ALICE, responseUrl: h.slack.newResponseUrl({ userId: ALICE }) }));
  await h.settle();
  const opened = (await ports.store.list<ApprovalRequest>('request', { limit: 1000 })).items.find((i) => !before.has(i.id));
  return opened && opened.data.status === 'pending' ? opened.data : undefined;
}

/**
 * Sends one hostile submission and counts it: refused when the modal answered with field errors and
 * nothing changed (no mutating AWS call or SQL, no Slack post, and `stillAsBefore` finds nothing).
 */
async function judgeRefused(
  h: Harness,
  tally: Tally,
  name: string,
  send: () => Promise<SlackHttpResponse>,
  stillAsBefore: () => Promise<string[]>,
): Promise<void> {
  const mark = h.mark();
  const response = await send();
  await h.settle();
  tally.tried += 1;
  const changes = h.changesSince(mark);
  const posted = h.slack.calls.filter((c) => c.seq > mark.slackSeq && POSTING.has(c.method)).map((c) => `${c.method} to ${String(c.body.channel ?? '')}`);
  const problems = [
    ...changes.awsCalls,
    ...changes.statements,
    ...posted,
    ...(await stillAsBefore()),
    ...((response.json as { response_action?: unknown } | undefined)?.response_action === 'errors' ? [] : ['not refused in the modal']),
  ];
  if (problems.length === 0) tally.refused += 1;
  else {
    tally.executed += 1;
    tally.findings.push(`${name} → ${problems.slice(0, 3).join('; ').slice(0, 160)}`);
  }
}

/**
 * Approves the request (so Alice holds a grant), opens the revoke form as Alice and submits it with
 * forged metadata: every one refused, the grant still held. The form as the bot built it then ends it.
 */
async function tamperedRevokeForms(h: Harness, tally: Tally, request: ApprovalRequest): Promise<number> {
  const ports = h.server.chatops.ports;
  await ports.approvals.decide(request.id, BOB, 'approve', {}, h.server.chatops.slack);
  await h.settle();
  const grantId = grantIdFor(request.id);
  const held = async () => (await ports.store.get<GrantRecord>(GRANT_KIND, grantId))?.data.status === 'active';
  if (!(await held())) {
    tally.findings.push('revoke form: the grant to end was not made, so tampered metadata was not tried');
    return 0;
  }
  const before = h.slack.views.all().length;
  await h.requester.send(slashCommand({ text: 'access revoke', userId: ALICE, responseUrl: h.slack.newResponseUrl({ userId: ALICE }) }));
  await h.settle();
  const views = h.slack.views.all();
  const form = views.length > before ? (views[views.length - 1] as JsonObject) : undefined;
  if (!form || form.callback_id !== REVOKE_MODAL) {
    tally.findings.push('revoke form: `access revoke` opened no form');
    return 0;
  }
  const real = String(form.private_metadata);
  const tampered: Array<[string, string]> = [
    [ALICE, JSON.stringify({ channelId: APPROVALS })],
    [ALICE, JSON.stringify({ channelId: h.config.channels.audit })],
    [ALICE, JSON.stringify({ origin: 'f'.repeat(32), channelId: APPROVALS })],
    [ALICE, JSON.stringify({ origin: { $ne: null } })],
    [ALICE, JSON.stringify({ origin: `${real.slice(11, 43)}'; DROP TABLE items; --` })],
    [ALICE, ''],
    [ALICE, 'null'],
    [ALICE, '[]'],
    // Bob may end Alice's grant (he approves the role), but this form was opened by Alice.
    [BOB, real],
  ];
  const values = { grant: { value: { type: 'static_select', selected_option: { text: { type: 'plain_text', text: grantId }, value: grantId } } } };
  for (const [user, privateMetadata] of tampered) {
    await judgeRefused(
      h,
      tally,
      `revoke form by ${user} with metadata ${privateMetadata.slice(0, 60)}`,
      () => h.requester.send(viewSubmission({ userId: user, callbackId: REVOKE_MODAL, view: form, privateMetadata, values })),
      async () => ((await held()) ? [] : ['the grant was revoked']),
    );
  }
  // The form as the bot built it, from its user: ends the grant, so nothing is left held after the run.
  await h.requester.send(viewSubmission({ userId: ALICE, callbackId: REVOKE_MODAL, view: form, values }));
  await h.settle();
  if (await held()) tally.findings.push('revoke form: the untampered form did not end the grant');
  return tampered.length;
}

/** The text with its invisible and control characters written as \u{…}, so a finding prints as it is. */
function escaped(text: string): string {
  return text.replace(/[\p{Cf}\p{Cc}\u3164]/gu, (char) => `\\u{${(char.codePointAt(0) ?? 0).toString(16).toUpperCase()}}`);
}

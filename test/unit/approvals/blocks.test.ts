import {
  ACTIONS_BLOCK,
  APPROVE_ACTION,
  approverMessage,
  BREAK_GLASS_ACTION,
  breakGlassAnnouncement,
  DENY_ACTION,
  progressText,
  requesterMessage,
  willRunText,
  type ApprovalMessage,
} from '../../../src/approvals/blocks';
import { breakGlassModal, denyModal, readModalMetadata } from '../../../src/approvals/modals';
import type { ApprovalRequest, DecisionRecord } from '../../../src/approvals/types';
import { actionIdsOf, findAction, textOfBlocks, type JsonObject, type JsonValue } from '../../../src/sandbox/slack';
import { blockProblems, viewProblems } from '../../../src/sandbox/slack/block-limits';

const T0 = Date.parse('2026-11-25T10:00:00Z');
const APPROVALS = 'C0APPROVALS';

function request(overrides: Partial<ApprovalRequest> = {}): ApprovalRequest {
  return {
    id: 'r-0123456789',
    action: 'access.grant',
    requester: 'U0ANALYST',
    target: 'prod',
    title: 'alice asks for pii_users on prod for 4h',
    summary: ['*Role:* pii_users', '*Why:* ticket 123'],
    willRun: ['GRANT ROLE "pii_users" TO "alice";', 'REVOKE ROLE "pii_users" FROM "alice"; -- at 14:00'],
    details: {},
    approvers: { users: ['U0APPROVER', 'U0APPROVER2'], usergroups: [], everyone: false },
    approvalsRequired: 2,
    breakGlassAllowed: false,
    decisions: [],
    status: 'pending',
    createdAt: T0,
    expiresAt: T0 + 24 * 3_600_000,
    executor: 'access.grant',
    ...overrides,
  };
}

const json = (message: ApprovalMessage) => JSON.parse(JSON.stringify(message.blocks)) as JsonValue[];
const text = (message: ApprovalMessage) => textOfBlocks(json(message));
const approve = (user: string, minutes: number): DecisionRecord => ({ user, decision: 'approve', at: T0 + minutes * 60_000 });

describe('the approval message', () => {
  test('pending: who asked, target, title, summary, statements, progress and the two buttons', () => {
    const message = approverMessage(request());
    const shown = text(message);
    expect(shown).toContain(':lock: *alice asks for pii_users on prod for 4h*');
    expect(shown).toContain('Requested by <@U0ANALYST> · target *prod* · `access.grant`');
    expect(shown).toContain('*Role:* pii_users\n*Why:* ticket 123');
    expect(shown).toContain('*Will run*\n```\nGRANT ROLE "pii_users" TO "alice";\nREVOKE ROLE "pii_users" FROM "alice"; -- at 14:00\n```');
    expect(shown).toContain('*Waiting for approval* · 0 of 2 approvals · lapses unless decided by 2026-11-26 10:00 UTC');
    expect(message.text).toBe('alice asks for pii_users on prod for 4h — waiting for approval (0 of 2 approvals)');
    expect(actionIdsOf(json(message))).toEqual([APPROVE_ACTION, DENY_ACTION]);
    const approveButton = findAction(json(message), APPROVE_ACTION);
    expect(approveButton).toEqual({
      blockId: ACTIONS_BLOCK,
      element: expect.objectContaining({ style: 'primary', value: 'r-0123456789' }),
    });
    const deny = findAction(json(message), DENY_ACTION)?.element as JsonObject;
    expect(deny).toMatchObject({
      style: 'danger',
      value: 'r-0123456789',
      confirm: { style: 'danger', confirm: { text: 'Deny' }, deny: { text: 'Back' } },
    });
  });

  test('break-glass button only where the request allows it', () => {
    expect(actionIdsOf(json(approverMessage(request({ breakGlassAllowed: true }))))).toEqual([
      APPROVE_ACTION,
      DENY_ACTION,
      BREAK_GLASS_ACTION,
    ]);
    expect(findAction(json(approverMessage(request({ breakGlassAllowed: true }))), BREAK_GLASS_ACTION)?.element).toMatchObject({
      style: 'danger',
    });
  });

  test('progress and decisions with names and times', () => {
    const message = approverMessage(request({ decisions: [approve('U0APPROVER', 5)] }));
    expect(text(message)).toContain('1 of 2 approvals');
    expect(text(message)).toContain(':white_check_mark: <@U0APPROVER> approved at 2026-11-25 10:05 UTC');
    expect(actionIdsOf(json(message))).toEqual([APPROVE_ACTION, DENY_ACTION]);
  });

  test('approved: final state, both approvers, no buttons', () => {
    const message = approverMessage(request({ status: 'approved', decisions: [approve('U0APPROVER', 5), approve('U0APPROVER2', 7)] }));
    expect(text(message)).toContain(':white_check_mark: *Approved* · 2 of 2 approvals');
    expect(text(message)).toContain('<@U0APPROVER2> approved at 2026-11-25 10:07 UTC');
    expect(actionIdsOf(json(message))).toEqual([]);
    expect(json(message).some((block) => (block as JsonObject).type === 'actions')).toBe(false);
    expect(message.text).toBe('alice asks for pii_users on prod for 4h — approved');
  });

  test('denied: who and why, the reason escaped', () => {
    const message = approverMessage(
      request({
        status: 'denied',
        decisions: [{ user: 'U0APPROVER2', decision: 'deny', at: T0 + 60_000, reason: 'not for <!channel> & co' }],
      }),
    );
    expect(text(message)).toContain(':no_entry: *Denied* by <@U0APPROVER2>');
    expect(text(message)).toContain('<@U0APPROVER2> denied at 2026-11-25 10:01 UTC — “not for &lt;!channel&gt; &amp; co”');
    expect(actionIdsOf(json(message))).toEqual([]);
  });

  test('expired: says nobody decided in time', () => {
    const message = approverMessage(request({ status: 'expired' }));
    expect(text(message)).toContain(':hourglass: Expired: nobody decided within 24h (at 2026-11-26 10:00 UTC)');
    expect(message.text).toContain('expired: nobody decided within 24h');
    expect(actionIdsOf(json(message))).toEqual([]);
  });

  test('break-glass: loud in the status and the decisions', () => {
    const glass: DecisionRecord = { user: 'U0ANALYST', decision: 'approve', at: T0 + 120_000, reason: 'incident 42', breakGlass: true };
    const message = approverMessage(request({ status: 'approved', breakGlassAllowed: true, decisions: [glass] }));
    expect(text(message)).toContain(':rotating_light: *Approved with break-glass* by <@U0ANALYST>');
    expect(text(message)).toContain(':rotating_light: <@U0ANALYST> *broke glass* at 2026-11-25 10:02 UTC — “incident 42”');
    expect(actionIdsOf(json(message))).toEqual([]);
  });

  test('one of one reads in the singular', () => {
    expect(progressText(request({ approvalsRequired: 1 }))).toBe('0 of 1 approval');
    expect(progressText(request({ approvalsRequired: 1, status: 'approved', decisions: [approve('U0APPROVER', 1)] }))).toBe(
      '1 of 1 approval',
    );
  });
});

describe('the requester copy', () => {
  test('the same status; no Approve or Deny for the requester', () => {
    const message = requesterMessage(request({ decisions: [approve('U0APPROVER', 5)] }), APPROVALS);
    expect(text(message)).toContain(':lock: *Your request:* alice asks for pii_users on prod for 4h · target *prod*');
    expect(text(message)).toContain('Waiting for approval in <#C0APPROVALS>.');
    expect(text(message)).toContain('1 of 2 approvals');
    expect(text(message)).toContain('<@U0APPROVER> approved at 2026-11-25 10:05 UTC');
    expect(text(message)).toContain('GRANT ROLE "pii_users" TO "alice";');
    expect(actionIdsOf(json(message))).toEqual([]);
  });

  test('Break-glass only while pending and allowed', () => {
    expect(actionIdsOf(json(requesterMessage(request({ breakGlassAllowed: true }), APPROVALS)))).toEqual([BREAK_GLASS_ACTION]);
    expect(actionIdsOf(json(requesterMessage(request({ breakGlassAllowed: true, status: 'denied' }), APPROVALS)))).toEqual([]);
  });

  test('decided: the final state, no pointer to the channel', () => {
    const message = requesterMessage(
      request({ status: 'approved', decisions: [approve('U0APPROVER', 5), approve('U0APPROVER2', 7)] }),
      APPROVALS,
    );
    expect(text(message)).not.toContain('Waiting for approval in');
    expect(text(message)).toContain('*Approved* · 2 of 2 approvals');
    expect(message.text).toBe('Your request: alice asks for pii_users on prod for 4h — approved');
  });
});

describe('statements shown verbatim', () => {
  test('cannot mention people or close their code block', () => {
    const shown = willRunText(['SELECT 1; -- <!channel> <@U0ADMIN>', 'x ``` y']);
    expect(shown).toContain('&lt;!channel&gt; &lt;@U0ADMIN&gt;');
    expect(shown.match(/```/g)).toHaveLength(2);
  });

  test('very long statements and summaries stay within Slack limits', () => {
    const huge = request({
      title: 'a'.repeat(500),
      summary: Array.from({ length: 200 }, (_, i) => `line ${i} ${'z'.repeat(40)}`),
      willRun: Array.from({ length: 500 }, (_, i) => `GRANT ROLE "r${i}" TO "${'ü'.repeat(60)}";`),
      decisions: Array.from({ length: 40 }, (_, i) => ({ user: `U${i}`, decision: 'approve' as const, at: T0, reason: 'r'.repeat(900) })),
    });
    for (const message of [approverMessage(huge), requesterMessage(huge, APPROVALS), breakGlassAnnouncement(huge)]) {
      expect(blockProblems(json(message), 'message')).toEqual([]);
    }
    expect(willRunText(huge.willRun)).toMatch(/… \(cut\)\n```$/);
  });

  test('every state renders valid Block Kit', () => {
    for (const status of ['pending', 'approved', 'denied', 'expired', 'cancelled'] as const) {
      for (const breakGlassAllowed of [false, true]) {
        const r = request({ status, breakGlassAllowed });
        expect(blockProblems(json(approverMessage(r)), 'message')).toEqual([]);
        expect(blockProblems(json(requesterMessage(r, APPROVALS)), 'message')).toEqual([]);
      }
    }
  });
});

describe('break-glass announcement', () => {
  test('names the requester, the request and the reason', () => {
    const glass: DecisionRecord = { user: 'U0ANALYST', decision: 'approve', at: T0, reason: 'prod down <!here>', breakGlass: true };
    const notice = breakGlassAnnouncement(request({ status: 'approved', breakGlassAllowed: true, decisions: [glass] }));
    const shown = textOfBlocks(JSON.parse(JSON.stringify(notice.blocks)) as JsonValue[]);
    expect(shown).toContain(':rotating_light: *Break-glass:* <@U0ANALYST> approved their own request without an approver.');
    expect(shown).toContain('*Reason:* prod down &lt;!here&gt;');
    expect(shown).toContain('GRANT ROLE "pii_users" TO "alice";');
    expect(notice.text).toBe('Break-glass: U0ANALYST approved their own request: alice asks for pii_users on prod for 4h');
  });
});

describe('reason modals', () => {
  test('deny: optional reason; break-glass: required reason; both valid views carrying the request id', () => {
    const deny = JSON.parse(JSON.stringify(denyModal(request(), { requestId: 'r-0123456789', channel: APPROVALS }))) as JsonObject;
    const glass = JSON.parse(JSON.stringify(breakGlassModal(request(), { requestId: 'r-0123456789' }))) as JsonObject;
    expect(viewProblems(deny)).toEqual([]);
    expect(viewProblems(glass)).toEqual([]);
    expect(findAction(deny.blocks as JsonValue[], 'value')?.blockId).toBe('reason');
    expect((deny.blocks as JsonObject[]).find((block) => block.block_id === 'reason')?.optional).toBe(true);
    expect((glass.blocks as JsonObject[]).find((block) => block.block_id === 'reason')?.optional).toBe(false);
    expect(readModalMetadata(String(deny.private_metadata))).toEqual({ requestId: 'r-0123456789', channel: APPROVALS });
    expect(readModalMetadata(String(glass.private_metadata))).toEqual({ requestId: 'r-0123456789' });
  });

  test('metadata that is not ours is ignored', () => {
    expect(readModalMetadata('not json')).toBeUndefined();
    expect(readModalMetadata('{"requestId":5}')).toBeUndefined();
    expect(readModalMetadata(undefined)).toBeUndefined();
  });
});

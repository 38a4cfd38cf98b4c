import {
  applyDecision,
  approvalsNeeded,
  approvers,
  closedText,
  expire,
  MAX_REASON_LENGTH,
  type DecisionInput,
  type RefusalCode,
} from '../../../src/approvals/state';
import type { ApprovalRequest, DecisionRecord, RequestStatus } from '../../../src/approvals/types';

const T0 = Date.parse('2026-11-25T10:00:00Z');
const DAY = 24 * 3_600_000;
const REQUESTER = 'U0ANALYST';
const BOB = 'U0APPROVER';
const CAROL = 'U0APPROVER2';
const MALLORY = 'U0MALLORY';

function request(overrides: Partial<ApprovalRequest> = {}): ApprovalRequest {
  return {
    id: 'r-0123456789',
    action: 'access.grant',
    requester: REQUESTER,
    target: 'prod',
    title: 'alice asks for pii_users on prod for 4h',
    summary: ['*Why:* ticket 123'],
    willRun: ['GRANT ROLE "pii_users" TO "alice"'],
    details: {},
    approvers: { users: [BOB, CAROL], usergroups: [], everyone: false },
    approvalsRequired: 1,
    breakGlassAllowed: false,
    decisions: [],
    status: 'pending',
    createdAt: T0,
    expiresAt: T0 + DAY,
    executor: 'access.grant',
    ...overrides,
  };
}

const approved = (user: string, at = T0 + 1000): DecisionRecord => ({ user, decision: 'approve', at });
const input = (overrides: Partial<DecisionInput>): DecisionInput => ({
  user: BOB,
  decision: 'approve',
  isApprover: true,
  now: T0 + 60_000,
  ...overrides,
});

type Expectation = { outcome: 'recorded' | 'approved' | 'denied'; status: RequestStatus } | { refused: RefusalCode; says: RegExp };

interface Row {
  name: string;
  request: Partial<ApprovalRequest>;
  input: Partial<DecisionInput>;
  expect: Expectation;
}

const rows: Row[] = [
  // Plain approvals and denials.
  { name: 'a listed approver approves one-of-one', request: {}, input: {}, expect: { outcome: 'approved', status: 'approved' } },
  {
    name: 'the first of two approvals is recorded',
    request: { approvalsRequired: 2 },
    input: {},
    expect: { outcome: 'recorded', status: 'pending' },
  },
  {
    name: 'a second, different approver completes two-of-two',
    request: { approvalsRequired: 2, decisions: [approved(CAROL)] },
    input: {},
    expect: { outcome: 'approved', status: 'approved' },
  },
  {
    name: 'the same approver twice counts once',
    request: { approvalsRequired: 2, decisions: [approved(BOB)] },
    input: {},
    expect: {
      refused: 'already-approved',
      says: /You already approved this request at 2026-11-25 10:00 UTC.*needs 1 more approval from someone else/,
    },
  },
  {
    name: 'one deny denies',
    request: { approvalsRequired: 2 },
    input: { decision: 'deny' },
    expect: { outcome: 'denied', status: 'denied' },
  },
  {
    name: 'an approver who approved may still deny while pending',
    request: { approvalsRequired: 2, decisions: [approved(BOB)] },
    input: { decision: 'deny', reason: 'changed my mind' },
    expect: { outcome: 'denied', status: 'denied' },
  },
  {
    name: 'zero approvals required still needs one',
    request: { approvalsRequired: 0 },
    input: {},
    expect: { outcome: 'approved', status: 'approved' },
  },
  // Who may decide.
  {
    name: 'a non-approver cannot approve',
    request: {},
    input: { user: MALLORY, isApprover: false },
    expect: { refused: 'not-approver', says: /only <@U0APPROVER> or <@U0APPROVER2> may approve or deny it/ },
  },
  {
    name: 'a non-approver cannot deny',
    request: {},
    input: { user: MALLORY, isApprover: false, decision: 'deny' },
    expect: { refused: 'not-approver', says: /not an approver/ },
  },
  {
    name: 'the requester cannot approve, even when listed as an approver',
    request: { approvers: { users: [REQUESTER, BOB], usergroups: [], everyone: false } },
    input: { user: REQUESTER, isApprover: true },
    expect: { refused: 'own-request', says: /You asked for this, so you cannot approve it yourself\. Ask <@U0ANALYST> or <@U0APPROVER>/ },
  },
  {
    name: 'the requester cannot approve when everyone approves',
    request: { approvers: { users: [], usergroups: [], everyone: true } },
    input: { user: REQUESTER, isApprover: true },
    expect: { refused: 'own-request', says: /cannot approve it yourself/ },
  },
  {
    name: 'the requester is pointed at break-glass where it is allowed',
    request: { breakGlassAllowed: true },
    input: { user: REQUESTER, isApprover: false },
    expect: { refused: 'own-request', says: /use Break-glass with a reason/ },
  },
  {
    name: 'the requester cannot deny their own request',
    request: {},
    input: { user: REQUESTER, isApprover: true, decision: 'deny' },
    expect: { refused: 'own-request', says: /cannot deny it yourself/ },
  },
  {
    name: 'usergroup approvers are described as members',
    request: { approvers: { users: [], usergroups: ['S0DATALEADS'], everyone: false } },
    input: { user: MALLORY, isApprover: false },
    expect: { refused: 'not-approver', says: /members of <!subteam\^S0DATALEADS>/ },
  },
  // Break-glass.
  {
    name: 'break-glass by the requester with a reason approves at once, even two-of-two',
    request: { breakGlassAllowed: true, approvalsRequired: 2 },
    input: { user: REQUESTER, isApprover: false, breakGlass: true, reason: 'prod incident 42' },
    expect: { outcome: 'approved', status: 'approved' },
  },
  {
    name: 'break-glass where the request does not allow it',
    request: {},
    input: { user: REQUESTER, isApprover: false, breakGlass: true, reason: 'please' },
    expect: { refused: 'break-glass-not-allowed', says: /Break-glass is not allowed for this request/ },
  },
  {
    name: 'break-glass without a reason',
    request: { breakGlassAllowed: true },
    input: { user: REQUESTER, isApprover: false, breakGlass: true },
    expect: { refused: 'reason-required', says: /Break-glass needs a reason/ },
  },
  {
    name: 'break-glass with a blank reason',
    request: { breakGlassAllowed: true },
    input: { user: REQUESTER, isApprover: false, breakGlass: true, reason: '   \n ' },
    expect: { refused: 'reason-required', says: /needs a reason/ },
  },
  {
    name: 'break-glass by an approver',
    request: { breakGlassAllowed: true },
    input: { user: BOB, breakGlass: true, reason: 'x' },
    expect: { refused: 'break-glass-not-requester', says: /Only <@U0ANALYST>, who asked, can break glass/ },
  },
  {
    name: 'break-glass cannot deny',
    request: { breakGlassAllowed: true },
    input: { user: REQUESTER, isApprover: false, breakGlass: true, decision: 'deny', reason: 'x' },
    expect: { refused: 'break-glass-deny', says: /can only approve/ },
  },
  // Closed and expired requests.
  {
    name: 'an approved request takes no more clicks',
    request: { status: 'approved', decisions: [approved(CAROL)] },
    input: {},
    expect: { refused: 'closed', says: /already approved by <@U0APPROVER2>/ },
  },
  {
    name: 'a denied request takes no more clicks',
    request: { status: 'denied', decisions: [{ user: CAROL, decision: 'deny', at: T0 + 5000 }] },
    input: { decision: 'deny' },
    expect: { refused: 'closed', says: /already denied by <@U0APPROVER2> at 2026-11-25 10:00 UTC/ },
  },
  {
    name: 'an approval by break-glass is named as such',
    request: {
      status: 'approved',
      breakGlassAllowed: true,
      decisions: [{ user: REQUESTER, decision: 'approve', at: T0, breakGlass: true, reason: 'x' }],
    },
    input: {},
    expect: { refused: 'closed', says: /<@U0ANALYST> broke glass/ },
  },
  {
    name: 'an expired request',
    request: { status: 'expired' },
    input: {},
    expect: { refused: 'closed', says: /expired at 2026-11-26 10:00 UTC: nobody decided within 24h/ },
  },
  {
    name: 'a withdrawn request',
    request: { status: 'cancelled' },
    input: {},
    expect: { refused: 'closed', says: /withdrawn by <@U0ANALYST>/ },
  },
  {
    name: 'a pending request past its expiry',
    request: {},
    input: { now: T0 + DAY },
    expect: { refused: 'expired', says: /expired at 2026-11-26 10:00 UTC: nobody decided within 24h\. <@U0ANALYST> can ask again/ },
  },
  {
    name: 'break-glass on an expired request',
    request: { breakGlassAllowed: true },
    input: { user: REQUESTER, breakGlass: true, reason: 'x', now: T0 + DAY + 1 },
    expect: { refused: 'expired', says: /expired/ },
  },
  {
    name: 'a closed request refuses even its requester',
    request: { status: 'denied' },
    input: { user: REQUESTER },
    expect: { refused: 'closed', says: /already denied/ },
  },
];

describe('applyDecision', () => {
  test.each(rows)('$name', ({ request: overrides, input: given, expect: expected }) => {
    const before = request(overrides);
    const frozen = JSON.stringify(before);
    const result = applyDecision(before, input(given));
    expect(JSON.stringify(before)).toBe(frozen);
    if ('refused' in expected) {
      expect(result).toEqual({ ok: false, code: expected.refused, refusal: expect.stringMatching(expected.says) });
      return;
    }
    if (!result.ok) throw new Error(`refused: ${result.refusal}`);
    expect(result.outcome).toBe(expected.outcome);
    expect(result.request.status).toBe(expected.status);
    const user = given.user ?? BOB;
    expect(result.request.decisions).toHaveLength(before.decisions.length + 1);
    expect(result.request.decisions[result.request.decisions.length - 1]).toMatchObject({
      user,
      decision: given.decision ?? 'approve',
      at: given.now ?? T0 + 60_000,
      ...(given.breakGlass ? { breakGlass: true } : {}),
      ...(given.reason?.trim() ? { reason: given.reason.trim() } : {}),
    });
  });

  test('reasons are trimmed and cut to the longest kept', () => {
    const result = applyDecision(request(), input({ decision: 'deny', reason: `  ${'x'.repeat(MAX_REASON_LENGTH + 50)}  ` }));
    expect(result.ok && result.request.decisions[0].reason).toBe('x'.repeat(MAX_REASON_LENGTH));
  });

  test('a blank deny reason is not stored', () => {
    const result = applyDecision(request(), input({ decision: 'deny', reason: '  ' }));
    expect(result.ok && 'reason' in result.request.decisions[0]).toBe(false);
  });

  // Every combination of the inputs, checked against the rules rather than row by row.
  describe('rules hold for every combination', () => {
    const statuses: RequestStatus[] = ['pending', 'approved', 'denied', 'expired', 'cancelled'];
    const users = [REQUESTER, BOB, CAROL, MALLORY];
    const combos: Array<
      [RequestStatus, string, 'approve' | 'deny', boolean, boolean, boolean, string | undefined, number, boolean, DecisionRecord[]]
    > = [];
    for (const status of statuses)
      for (const user of users)
        for (const decision of ['approve', 'deny'] as const)
          for (const breakGlass of [false, true])
            for (const breakGlassAllowed of [false, true])
              for (const isApprover of [false, true])
                for (const reason of [undefined, '', 'because'])
                  for (const required of [1, 2, 3])
                    for (const late of [false, true])
                      for (const decisions of [[], [approved(BOB)], [approved(BOB), approved(CAROL)]])
                        combos.push([status, user, decision, breakGlass, breakGlassAllowed, isApprover, reason, required, late, decisions]);

    test(`${combos.length} combinations`, () => {
      for (const [status, user, decision, breakGlass, breakGlassAllowed, isApprover, reason, required, late, decisions] of combos) {
        const before = request({ status, breakGlassAllowed, approvalsRequired: required, decisions });
        const now = late ? before.expiresAt : before.expiresAt - 1;
        const result = applyDecision(before, { user, decision, breakGlass, isApprover, reason, now });
        const label = JSON.stringify({
          status,
          user,
          decision,
          breakGlass,
          breakGlassAllowed,
          isApprover,
          reason,
          required,
          late,
          decisions: decisions.length,
        });
        if (status !== 'pending') {
          expect([label, result.ok || result.code]).toEqual([label, 'closed']);
          continue;
        }
        if (late) {
          expect([label, result.ok || result.code]).toEqual([label, 'expired']);
          continue;
        }
        if (!result.ok) {
          expect(result.refusal.length).toBeGreaterThan(20);
          continue;
        }
        const next = result.request;
        // Only approvers decide, except the requester breaking glass where allowed, with a reason.
        const glass = breakGlass && breakGlassAllowed && user === REQUESTER && decision === 'approve' && !!reason;
        expect([label, glass || (isApprover && user !== REQUESTER && !breakGlass)]).toEqual([label, true]);
        // Each approver counts once.
        expect(new Set(approvers(next)).size).toBe(approvers(next).length);
        expect(approvers(next).length).toBeLessThanOrEqual(approvers(before).length + 1);
        // The status follows from the decisions.
        if (decision === 'deny') expect(next.status).toBe('denied');
        else if (glass) expect(next.status).toBe('approved');
        else expect(next.status).toBe(approvers(next).length >= approvalsNeeded(next) ? 'approved' : 'pending');
        expect(result.outcome).toBe(next.status === 'pending' ? 'recorded' : next.status);
        expect(next.decisions.slice(0, -1)).toEqual(before.decisions);
      }
    });
  });
});

describe('expire', () => {
  test.each([
    ['pending, before its time', 'pending' as const, -1, undefined],
    ['pending, at its time', 'pending' as const, 0, 'expired'],
    ['pending, after its time', 'pending' as const, 5, 'expired'],
    ['approved, after its time', 'approved' as const, 5, undefined],
    ['denied, after its time', 'denied' as const, 5, undefined],
    ['expired already', 'expired' as const, 5, undefined],
  ])('%s', (_name, status, offset, expected) => {
    const before = request({ status });
    expect(expire(before, before.expiresAt + offset)?.status).toBe(expected);
  });
});

describe('closedText', () => {
  test('lists every approver of a two-of-two approval', () => {
    expect(closedText(request({ status: 'approved', approvalsRequired: 2, decisions: [approved(BOB), approved(CAROL)] }))).toBe(
      'This request was already approved by <@U0APPROVER> and <@U0APPROVER2>. Nothing is left to decide.',
    );
  });
});

import { approverMessage, plainStatus, requesterMessage, statusLine, type ApprovalMessage } from '../../../src/approvals/blocks';
import { cleanProgress, PROGRESS_TEXT_MAX, supersedes } from '../../../src/approvals/progress';
import type { ApprovalRequest, ExecutionProgress } from '../../../src/approvals/types';
import { textOfBlocks, type JsonValue } from '../../../src/sandbox/slack';
import { blockProblems } from '../../../src/sandbox/slack/block-limits';

const T0 = Date.parse('2026-11-25T10:00:00Z');

function approved(progress?: ExecutionProgress, overrides: Partial<ApprovalRequest> = {}): ApprovalRequest {
  return {
    id: 'r-0123456789',
    action: 'access.grant',
    requester: 'U0ANALYST',
    target: 'prod',
    title: 'alice asks for pii_users on prod for 1h',
    summary: ['*Role:* pii_users'],
    willRun: ['GRANT ROLE "pii_users" TO "alice";'],
    details: {},
    approvers: { users: ['U0APPROVER'], usergroups: [], everyone: false },
    approvalsRequired: 1,
    breakGlassAllowed: true,
    decisions: [{ user: 'U0APPROVER', decision: 'approve', at: T0 + 60_000 }],
    status: 'approved',
    createdAt: T0,
    expiresAt: T0 + 24 * 3_600_000,
    executor: 'access.grant',
    ...(progress ? { progress } : {}),
    ...overrides,
  };
}

const shown = (message: ApprovalMessage) => textOfBlocks(JSON.parse(JSON.stringify(message.blocks)) as JsonValue[]);
const at = (minutes: number) => T0 + minutes * 60_000;

describe('the status of an approved request shows where its executor stands', () => {
  const cases: Array<[ExecutionProgress, string, string]> = [
    [
      { state: 'running', text: 'granting', at: at(1) },
      ':white_check_mark: *Approved* · 1 of 1 approval · :hourglass_flowing_sand: granting',
      'approved · granting',
    ],
    [
      { state: 'retrying', text: 'granting — AWS is throttling; attempt 2 at 10:03 UTC, trying until 11:00 UTC', at: at(2) },
      ':white_check_mark: *Approved* · 1 of 1 approval · :hourglass: granting — AWS is throttling; attempt 2 at 10:03 UTC, trying until 11:00 UTC',
      'approved · granting — AWS is throttling; attempt 2 at 10:03 UTC, trying until 11:00 UTC',
    ],
    [
      { state: 'done', text: 'granted until 11:03 UTC', at: at(3) },
      ':white_check_mark: *Approved* · 1 of 1 approval · :large_green_circle: granted until 11:03 UTC',
      'approved · granted until 11:03 UTC',
    ],
    [
      { state: 'failed', text: 'not granted: the Data API refused the call', at: at(3) },
      ':white_check_mark: *Approved* · 1 of 1 approval · :x: not granted: the Data API refused the call',
      'approved · not granted: the Data API refused the call',
    ],
    [
      { state: 'ended', text: 'access ended 11:03 UTC: its time was up', at: at(63) },
      ':white_check_mark: *Approved* · 1 of 1 approval · :white_circle: access ended 11:03 UTC: its time was up',
      'approved · access ended 11:03 UTC: its time was up',
    ],
  ];

  test.each(cases)('%o', (progress, line, plain) => {
    const request = approved(progress);
    expect(statusLine(request)).toBe(line);
    expect(plainStatus(request)).toBe(`${plain}`);
    expect(shown(approverMessage(request))).toContain(line);
    expect(shown(requesterMessage(request, 'C0APPROVALS'))).toContain(line);
    expect(approverMessage(request).text).toBe(`alice asks for pii_users on prod for 1h — ${plain}`);
    expect(requesterMessage(request, 'C0APPROVALS').text).toBe(`Your request: alice asks for pii_users on prod for 1h — ${plain}`);
    expect(blockProblems(JSON.parse(JSON.stringify(approverMessage(request).blocks)) as JsonValue, 'message')).toEqual([]);
  });

  test('without a report an approved request reads as before', () => {
    expect(statusLine(approved())).toBe(':white_check_mark: *Approved* · 1 of 1 approval');
    expect(plainStatus(approved())).toBe('approved');
  });

  test('break-glass keeps its loud status, with the report after it', () => {
    const request = approved(
      { state: 'done', text: 'granted until 11:03 UTC', at: at(3) },
      { decisions: [{ user: 'U0ANALYST', decision: 'approve', at: at(1), breakGlass: true, reason: 'outage' }] },
    );
    expect(statusLine(request)).toBe(':rotating_light: *Approved with break-glass* by <@U0ANALYST> · :large_green_circle: granted until 11:03 UTC');
    expect(plainStatus(request)).toBe('approved with break-glass · granted until 11:03 UTC');
  });

  test('the report cannot mention people or make links, in the blocks or the notification text', () => {
    const request = approved({ state: 'failed', text: 'not granted: <!channel> <https://evil.example|click> & more', at: at(3) });
    expect(statusLine(request)).toContain(':x: not granted: &lt;!channel&gt; &lt;https://evil.example|click&gt; &amp; more');
    expect(approverMessage(request).text).not.toContain('<!channel>');
    expect(requesterMessage(request, 'C0APPROVALS').text).toContain('&lt;!channel&gt;');
  });

  test('a report is never shown on a request that is not approved', () => {
    const progress: ExecutionProgress = { state: 'done', text: 'granted', at: at(3) };
    expect(statusLine(approved(progress, { status: 'denied', decisions: [] }))).not.toContain('granted');
    expect(plainStatus(approved(progress, { status: 'cancelled', decisions: [] }))).toBe('withdrawn');
  });
});

describe('which report wins', () => {
  const running: ExecutionProgress = { state: 'running', text: 'granting', at: at(1) };
  const retrying: ExecutionProgress = { state: 'retrying', text: 'granting — retrying', at: at(2) };
  const done: ExecutionProgress = { state: 'done', text: 'granted until 11:03 UTC', at: at(3) };
  const ended: ExecutionProgress = { state: 'ended', text: 'access ended', at: at(63) };

  test('a later report replaces an earlier one; an earlier one arriving late is dropped', () => {
    expect(supersedes(undefined, running)).toBe(true);
    expect(supersedes(running, retrying)).toBe(true);
    expect(supersedes(retrying, done)).toBe(true);
    expect(supersedes(done, ended)).toBe(true);
    expect(supersedes(done, retrying)).toBe(false);
    expect(supersedes(ended, done)).toBe(false);
    expect(supersedes(ended, { ...retrying, at: at(62) })).toBe(false);
  });

  test('at the same instant the one further along wins, and the same report twice changes nothing', () => {
    expect(supersedes({ ...done, at: at(1) }, running)).toBe(false);
    expect(supersedes(running, { ...done, at: at(1) })).toBe(true);
    expect(supersedes({ ...ended, at: at(3) }, done)).toBe(false);
    expect(supersedes(done, { ...done })).toBe(false);
    expect(supersedes(done, { ...done, at: at(30) })).toBe(false);
    expect(supersedes(done, { ...done, text: 'extended until 12:03 UTC' })).toBe(true);
  });

  test('the text is kept to one short line', () => {
    const long = cleanProgress({ state: 'failed', text: `not granted:\n${'x'.repeat(1000)}`, at: at(3) });
    expect(long.text.length).toBe(PROGRESS_TEXT_MAX);
    expect(long.text).not.toContain('\n');
    expect(long.text.endsWith('…')).toBe(true);
  });
});

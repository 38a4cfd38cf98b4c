import { parseChatopsConfig } from '../../../../src/config/chatops';
import { breakGlassFits, durationChoices, durationProblem } from '../../../../src/features/access/durations';
import { readModal, requestModal, ROLE_ACTION } from '../../../../src/features/access/modal';
import { approvalRequest, checkDraft, needsModal, targetProblem, type OpenJob } from '../../../../src/features/access/request';

const H = 3_600_000;
const config = parseChatopsConfig(`
targets:
  prod: { kind: provisioned, cluster: analytics-prod, database: dev, dbUser: chatops_admin }
  lake: { kind: serverless, workgroup: lake, namespace: lake, database: dev }
channels: { approvals: C0APPROVALS, alerts: C0ALERTS, audit: C0AUDIT }
identity: { map: { U0ANALYST: alice } }
access:
  roles:
    pii_users:
      targets: [prod]
      approvers: { users: [U0APPROVER, U0APPROVER2] }
      maxDuration: 8h
      defaultDuration: 4h
      breakGlass: { enabled: true, maxDuration: 1h }
      endSessionsOnRevoke: true
      description: customer PII
    analytics_authors:
      approvers: { usergroups: [S0DATALEADS] }
      approvalsRequired: 2
      maxDuration: 2h
      reasonRequired: false
`);

describe('access requests: rules before anything is asked', () => {
  test('a request needs a form when role, duration, a required reason or a target choice is missing', () => {
    expect(needsModal(config, { role: 'pii_users', durationMs: H, reason: 'ticket 1' })).toBe(false);
    expect(needsModal(config, {})).toBe(true);
    expect(needsModal(config, { role: 'pii_users', reason: 'ticket 1' })).toBe(true);
    expect(needsModal(config, { role: 'pii_users', durationMs: H })).toBe(true);
    expect(needsModal(config, { role: 'pii_users', durationMs: H, reason: '   ' })).toBe(true);
    // Two targets: the form asks which, even with everything else given.
    expect(needsModal(config, { role: 'analytics_authors', durationMs: H })).toBe(true);
    expect(needsModal(config, { role: 'analytics_authors', durationMs: H, target: 'lake' })).toBe(false);
  });

  test('a target named on the command line must be one the role is granted on; the refusal names them', () => {
    const authors = config.access.roles.analytics_authors;
    const pii = config.access.roles.pii_users;
    expect(targetProblem('pii_users', pii, undefined)).toBeUndefined();
    expect(targetProblem('pii_users', pii, 'prod')).toBeUndefined();
    expect(targetProblem('pii_users', pii, 'lake')).toBe('pii_users is granted only on prod, not on lake: leave the target out.');
    expect(targetProblem('analytics_authors', authors, 'lake')).toBeUndefined();
    expect(targetProblem('analytics_authors', { ...authors, targets: ['prod', 'lake'] }, 'dev2')).toBe(
      'analytics_authors is granted on prod or lake, not on dev2: name one of those.',
    );
  });

  test('each field gets its own error; the maximum is named', () => {
    expect(checkDraft(config, { role: 'pii_users', durationMs: 9 * H, reason: '' })).toEqual({
      ok: false,
      errors: {
        duration: '9h is longer than pii_users allows: at most 8h. Ask for 8h or less.',
        reason: 'pii_users needs a reason: say why you need it (a ticket, an incident).',
      },
    });
    expect(checkDraft(config, { role: 'toString', durationMs: H })).toMatchObject({ ok: false, errors: { role: 'Choose one of: pii_users, analytics_authors.' } });
    expect(checkDraft(config, { role: 'analytics_authors', target: 'nowhere', durationMs: H })).toMatchObject({
      ok: false,
      errors: { target: 'Choose where you need analytics_authors: prod, lake.' },
    });
    expect(checkDraft(config, { role: 'pii_users', durationMs: H, reason: 'x'.repeat(501) })).toMatchObject({ ok: false, errors: { reason: expect.stringContaining('keep it to 500') } });
    expect(checkDraft(config, { role: 'pii_users', durationMs: H, reason: '  ticket 123 ' })).toEqual({
      ok: true,
      ask: { role: 'pii_users', target: 'prod', durationMs: H, reason: 'ticket 123' },
    });
  });

  test('durations offered stay within the maximum; break-glass only within its own', () => {
    expect(durationChoices(8 * H, 4 * H).map((ms) => ms / 60_000)).toEqual([15, 30, 60, 120, 240, 480]);
    expect(durationChoices(90 * 60_000).map((ms) => ms / 60_000)).toEqual([15, 30, 60, 90]);
    expect(durationProblem('r', { maxDuration: H }, H)).toBeUndefined();
    const pii = config.access.roles.pii_users;
    expect(breakGlassFits(pii, H)).toBe(true);
    expect(breakGlassFits(pii, 2 * H)).toBe(false);
    expect(breakGlassFits(config.access.roles.analytics_authors, 15 * 60_000)).toBe(false);
  });

  test('the approval request: who, what, how long, why (escaped), the exact statements, the role rules', () => {
    const job: OpenJob = {
      role: 'pii_users',
      target: 'prod',
      durationMs: 4 * H,
      reason: 'ticket <!channel> & more',
      requester: 'U0ANALYST',
      dbUser: 'alice',
      replyTo: { responseUrl: 'http://x' },
      requestKey: 'command:T:1',
    };
    const request = approvalRequest(config, job);
    expect(request).toMatchObject({
      action: 'access.grant',
      executor: 'access.grant',
      requester: 'U0ANALYST',
      target: 'prod',
      approvers: { users: ['U0APPROVER', 'U0APPROVER2'], usergroups: [], everyone: false },
      approvalsRequired: 1,
      breakGlassAllowed: false,
      details: { role: 'pii_users', target: 'prod', dbUser: 'alice', durationMs: 4 * H, reason: 'ticket <!channel> & more', mode: 'role' },
      idempotencyKey: 'access:command:T:1',
    });
    expect(request.title).toBe('<@U0ANALYST> asks for pii_users on prod for 4h');
    expect(request.summary.join('\n')).toContain('*Why:* ticket &lt;!channel&gt; &amp; more');
    expect(request.willRun[0]).toBe('GRANT ROLE "pii_users" TO "alice"');
    expect(request.willRun).toContain('REVOKE ROLE "pii_users" FROM "alice"');
    expect(approvalRequest(config, { ...job, durationMs: H }).breakGlassAllowed).toBe(true);
    const extension = approvalRequest(config, job, { grantId: 'g-0123456789ab', endsAt: Date.parse('2026-11-25T12:00:00Z') });
    expect(extension.title).toContain('asks to extend pii_users on prod');
    expect(extension.details.grantId).toBe('g-0123456789ab');
    expect(extension.summary[0]).toContain('*Extension* of active grant `g-0123456789ab`');
  });

  test('the form: roles from chatops.yml only, that role’s durations, a target picker only with several targets', () => {
    const blank = requestModal(config, {}, 'C0GENERAL');
    const text = JSON.stringify(blank);
    expect(blank.blocks.map((block) => (block as { block_id: string }).block_id)).toEqual(['role', 'duration', 'reason']);
    expect((blank.blocks[0] as { element: { options: { value: string }[] } }).element.options.map((o) => o.value)).toEqual(['pii_users', 'analytics_authors']);
    expect(text).toContain('"dispatch_action":true');

    const pii = requestModal(config, { role: 'pii_users', durationMs: 90 * 60_000, reason: 'why' }, 'C0GENERAL');
    const duration = pii.blocks.find((block) => (block as { block_id: string }).block_id === 'duration') as {
      element: { options: { value: string }[]; initial_option: { value: string } };
    };
    expect(duration.element.options.map((o) => Number(o.value) / 60_000)).toEqual([15, 30, 60, 90, 120, 240, 480]);
    expect(duration.element.initial_option.value).toBe(String(90 * 60_000));
    const authors = requestModal(config, { role: 'analytics_authors' }, 'C0GENERAL');
    expect(authors.blocks.map((block) => (block as { block_id: string }).block_id)).toEqual(['role', 'target', 'duration', 'reason']);

    expect(
      readModal({
        role: { [ROLE_ACTION]: { selected_option: { value: 'analytics_authors' } } },
        target: { value: { selected_option: { value: 'lake' } } },
        duration: { value: { selected_option: { value: String(H) } } },
        reason: { value: { value: 'because' } },
      }),
    ).toEqual({ role: 'analytics_authors', target: 'lake', durationMs: H, reason: 'because' });
    expect(readModal({ duration: { value: { selected_option: { value: 'DROP TABLE' } } } }).durationMs).toBeUndefined();
  });
});

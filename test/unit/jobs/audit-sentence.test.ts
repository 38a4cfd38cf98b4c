import { actorText, auditDetails, auditSentence, isRoutine, MAX_DETAILS_CHARS, renderAudit } from '../../../src/jobs/audit-sentence';
import type { AuditRecord } from '../../../src/store/store';

const AT = Date.parse('2026-11-25T10:00:00Z');
function record(entry: Partial<AuditRecord> & Pick<AuditRecord, 'action'>): AuditRecord {
  return { id: 'a1', at: AT, actor: 'U0ANALYST', target: 'prod', ...entry };
}

describe('audit sentences: who did what to which target, and how it ended', () => {
  test('access: request, refusal, grant, extension, revoke, failure', () => {
    expect(
      auditSentence(record({ action: 'access.request', input: { role: 'pii_users', reason: 'ticket 123', durationMs: 3_600_000 } })),
    ).toBe('U0ANALYST asked for access to `prod` as `pii_users` for 1 h, reason “ticket 123”.');
    expect(
      auditSentence(record({ action: 'access.request.refused', input: { role: 'pii_users' }, result: { reason: 'not in the group' } })),
    ).toBe('U0ANALYST tried to ask for access to `prod` as `pii_users`: refused, “not in the group”.');
    expect(
      auditSentence(
        record({
          actor: 'system',
          action: 'access.granted',
          input: { role: 'pii_users', user: 'U0ANALYST' },
          result: { statementId: 'st-1' },
        }),
      ),
    ).toBe('The bot granted access on `prod` as `pii_users` for U0ANALYST, Data API id `st-1`.');
    expect(auditSentence(record({ action: 'access.extended', input: { durationMs: 5_400_000 } }))).toBe(
      'U0ANALYST extended access on `prod` for 1 h 30 min.',
    );
    expect(
      auditSentence(
        record({
          actor: 'system',
          action: 'access.revoked',
          input: { role: 'pii_users', cause: 'expired' },
          result: { statementId: 'st-2' },
        }),
      ),
    ).toBe('The bot revoked access on `prod` as `pii_users` (expired), Data API id `st-2`.');
    expect(auditSentence(record({ actor: 'system', action: 'access.revoke.failed', result: { error: 'timed out' } }))).toBe(
      'The bot tried to revoke access on `prod`: failed, “timed out”.',
    );
  });

  test('approvals: approve, deny, break-glass, expiry', () => {
    expect(auditSentence(record({ actor: 'U0APPROVER', action: 'approval.approve', result: { status: 'approved' } }))).toBe(
      'U0APPROVER approved a request on `prod` (approved).',
    );
    expect(
      auditSentence(record({ actor: 'U0APPROVER', action: 'approval.deny', input: { reason: 'no ticket' }, result: { status: 'denied' } })),
    ).toBe('U0APPROVER denied a request on `prod`, reason “no ticket” (denied).');
    expect(auditSentence(record({ action: 'approval.break-glass', input: { reason: 'outage' } }))).toContain(
      'approved their own request (break-glass) on `prod`',
    );
    expect(auditSentence(record({ actor: 'system', action: 'approval.expire', result: { status: 'expired' } }))).toBe(
      'The bot closed an unanswered request on `prod` (expired).',
    );
  });

  test('statements carry their Data API id in the sentence and their SQL in the details', () => {
    const sql = record({
      action: 'access.sql',
      input: { sql: 'GRANT ROLE "pii_users" TO "IAMR:a<b>"', grantId: 'g1' },
      result: { statementId: 'st-9', rows: 0 },
    });
    const { sentence, details } = renderAudit(sql);
    expect(sentence).toBe('U0ANALYST ran a statement on `prod`, Data API id `st-9`.');
    expect(details).toBe(
      '```GRANT ROLE "pii_users" TO "IAMR:a&lt;b&gt;"```\n```{\n "input": {\n  "grantId": "g1"\n },\n "result": {\n  "statementId": "st-9",\n  "rows": 0\n }\n}```',
    );
    expect(auditSentence(record({ action: 'permissions.sql', input: { sql: 'REVOKE …' }, result: { error: 'permission denied' } }))).toBe(
      'U0ANALYST ran a grants statement on `prod`: failed, “permission denied”.',
    );
  });

  test('an approval request shows what will run as SQL, and a VACUUM statement its own', () => {
    const open = renderAudit(
      record({ action: 'approval.open', input: { requestId: 'r1', willRun: ['VACUUM public.events', 'ANALYZE public.events'] } }),
    );
    expect(open.sentence).toBe('U0ANALYST opened an approval request on `prod`.');
    expect(open.details).toBe('```VACUUM public.events;\nANALYZE public.events```\n```{\n "input": {\n  "requestId": "r1"\n }\n}```');
    const vacuum = renderAudit(
      record({
        actor: 'system',
        action: 'vacuum.statement',
        input: { sql: 'VACUUM public.events', step: 'vacuum' },
        result: { statementId: 'st-3' },
      }),
    );
    expect(vacuum.sentence).toBe('The bot ran a VACUUM statement on `prod`, Data API id `st-3`.');
    expect(vacuum.details?.startsWith('```VACUUM public.events```\n')).toBe(true);
  });

  test('snapshots, restore, lifecycle, vacuum, retention, doctor, cost', () => {
    expect(auditSentence(record({ action: 'snapshot.create', input: { snapshot: 'prod-manual-1' } }))).toBe(
      'U0ANALYST took a snapshot of `prod` (snapshot `prod-manual-1`).',
    );
    expect(auditSentence(record({ actor: 'system', action: 'snapshot.available', result: { status: 'available' } }))).toBe(
      'The bot checked a snapshot of `prod` (available).',
    );
    expect(auditSentence(record({ action: 'restore.request', input: { table: 'analytics.events' } }))).toBe(
      'U0ANALYST asked to restore `prod` table `analytics.events`.',
    );
    expect(auditSentence(record({ actor: 'system', action: 'restore.succeeded', result: { status: 'SUCCEEDED' } }))).toBe(
      'The bot restored `prod` (SUCCEEDED).',
    );
    expect(auditSentence(record({ action: 'lifecycle.pause.request' }))).toBe('U0ANALYST asked to pause `prod`.');
    expect(auditSentence(record({ action: 'lifecycle.pause.preview', result: { outcome: 'already' } }))).toBe(
      'U0ANALYST looked at what it takes to pause `prod` (already).',
    );
    expect(auditSentence(record({ action: 'lifecycle.resume.done' }))).toBe('U0ANALYST resumed `prod`.');
    expect(auditSentence(record({ action: 'lifecycle.delete.refused', result: { reason: 'admins only' } }))).toBe(
      'U0ANALYST tried to delete `prod`: refused, “admins only”.',
    );
    expect(auditSentence(record({ action: 'vacuum.queued', input: { table: 'public.events' } }))).toBe(
      'U0ANALYST queued a VACUUM on `prod` table `public.events`.',
    );
    expect(auditSentence(record({ actor: 'system', action: 'vacuum.failed', result: { error: 'lock' } }))).toBe(
      'The bot tried to VACUUM `prod`: failed, “lock”.',
    );
    expect(auditSentence(record({ action: 'retention.set', result: { days: 7 } }))).toBe(
      'U0ANALYST changed snapshot retention on `prod`.',
    );
    expect(auditSentence(record({ action: 'doctor.refused', result: { reason: 'admins only' } }))).toBe(
      'U0ANALYST tried to run doctor on `prod`: refused, “admins only”.',
    );
    expect(auditSentence(record({ actor: 'system', action: 'cost.alert', result: { outcome: 'posted' } }))).toBe(
      'The bot raised a cost alert for `prod` (posted).',
    );
    expect(auditSentence(record({ action: 'permissions.request' }))).toBe('U0ANALYST asked to apply grants on `prod`.');
  });

  test('schedule runs: ok is routine, failures and tasks not built are told', () => {
    const ok = record({
      actor: 'system',
      action: 'schedule.run',
      target: 'daily-digest',
      input: { task: 'cost.digest' },
      result: { outcome: 'ok' },
    });
    expect(isRoutine(ok)).toBe(true);
    expect(auditSentence(ok)).toBe('The schedule `daily-digest` ran the cost.digest task.');
    const failed = { ...ok, result: { outcome: 'failed', error: 'Billing is off' } };
    expect(isRoutine(failed)).toBe(false);
    expect(auditSentence(failed)).toBe('The schedule `daily-digest` ran the cost.digest task: failed, “Billing is off”.');
    const missing = { ...ok, result: { outcome: 'not-built' } };
    expect(isRoutine(missing)).toBe(false);
    expect(auditSentence(missing)).toBe('The schedule `daily-digest` came due, but the cost.digest task is not available: nothing ran.');
    expect(isRoutine(record({ action: 'job.succeeded', result: { outcome: 'ok' } }))).toBe(false);
  });

  test('jobs say which job and how it ended', () => {
    expect(
      auditSentence(record({ action: 'job.failed', target: 'j1', input: { type: 'snapshot.create' }, result: { error: 'boom' } })),
    ).toBe('The snapshot.create job `j1` (started by U0ANALYST) failed: “boom”.');
    expect(auditSentence(record({ actor: 'system', action: 'job.succeeded', target: 'j2', input: { type: 'vacuum.run' } }))).toBe(
      'The vacuum.run job `j2` finished.',
    );
  });

  test('an unknown action still reads as a sentence, never as raw JSON', () => {
    const sentence = auditSentence(record({ action: 'widget.spun', input: { a: 1 }, result: { error: 'stuck' } }));
    expect(sentence).toBe('U0ANALYST did `widget.spun` on `prod`: failed, “stuck”.');
    expect(sentence).not.toContain('{');
    expect(auditSentence(record({ actor: 'cli:dana', action: 'x' }))).toBe('cli:dana did `x` on `prod`.');
  });

  test('people are named by display name and id, never as a mention', () => {
    const names = new Map([['U0ANALYST', 'alice <b>']]);
    expect(actorText('U0ANALYST', names)).toBe('alice &lt;b&gt; (U0ANALYST)');
    expect(actorText('U0NOBODY', names)).toBe('U0NOBODY');
    expect(actorText('system', names)).toBe('The bot');
    expect(renderAudit(record({ action: 'access.request', target: 'prod', input: { role: 'r' } }), names).sentence).not.toContain('<@');
  });

  test('recorded text cannot mention anyone or break out of its quote or code block', () => {
    const { sentence, details } = renderAudit(
      record({ action: 'access.request', target: 'prod`*x*', input: { role: 'r', reason: 'hi <!channel> <@U0OTHER> ```' } }),
    );
    expect(sentence).toContain('U0ANALYST');
    expect(sentence).toContain('&lt;!channel&gt; &lt;@U0OTHER&gt;');
    expect(sentence).toContain("`prod'*x*`");
    expect(details).not.toContain('<!channel>');
    expect(details?.match(/```/g)).toHaveLength(2);
  });

  test('a long payload is cut to fit a section, saying how much was left out', () => {
    const sql = `SELECT ${'x, '.repeat(3000)}1`;
    const details = auditDetails(record({ id: 'rec-7', action: 'access.sql', input: { sql }, result: { statementId: 's' } }));
    expect(details).toBeDefined();
    expect(details!.length).toBeLessThanOrEqual(MAX_DETAILS_CHARS);
    const left = /… ([\d,]+) more characters left out; the audit log keeps the whole record \(rec-7\)\./.exec(details!);
    expect(left).not.toBeNull();
    const kept = details!.slice(3, details!.indexOf('\n…'));
    expect(kept.length + Number(left![1].replace(/,/g, ''))).toBe(sql.length);
    expect(details).toContain('"statementId": "s"');
    expect(details).not.toContain('(cut)');
  });

  test('no details when nothing went in or came back', () => {
    expect(renderAudit(record({ action: 'approval.approve' })).details).toBeUndefined();
  });
});

test('a sentence stays within a section block, however long the names and reasons typed', () => {
  // Every character escaped (`<` is four once escaped): the worst case for length.
  const long = '<'.repeat(5000);
  const sentence = auditSentence(
    record({
      action: 'access.request.refused',
      target: long,
      input: { role: long, table: long, snapshot: long, reason: long },
      result: { reason: long, statementId: long },
    }),
  );
  expect(sentence.length).toBeLessThan(3000);
  expect(sentence).toContain('… (whole text below)');
});

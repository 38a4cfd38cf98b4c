import { ESCALATE_EVERY_MS, LEASE_MARGIN_MS, REVOKE_LEASE_MS, REVOKE_STATEMENT_MS, shouldEscalate } from '../../../../src/features/access/revoke';
import { nextSweepAt } from '../../../../src/features/access/sweep';
import { grantIdFor } from '../../../../src/features/access/grants';
import { GRANT_ID_PATTERN } from '../../../../src/commands/args';

describe('revoke retries', () => {
  test('the lease is under a minute and outlasts the three statements of a revoke', () => {
    expect(REVOKE_LEASE_MS).toBeLessThan(60_000);
    expect(3 * REVOKE_STATEMENT_MS + LEASE_MARGIN_MS).toBeLessThanOrEqual(REVOKE_LEASE_MS);
  });

  test('escalate at attempt 3, then at most every ESCALATE_EVERY_MS until confirmed', () => {
    const t = Date.parse('2026-11-25T10:00:00Z');
    expect(shouldEscalate(1, undefined, t)).toBe(false);
    expect(shouldEscalate(2, undefined, t)).toBe(false);
    expect(shouldEscalate(3, undefined, t)).toBe(true);
    expect(shouldEscalate(4, t, t + 60_000)).toBe(false);
    expect(shouldEscalate(17, t, t + ESCALATE_EVERY_MS - 1)).toBe(false);
    expect(shouldEscalate(18, t, t + ESCALATE_EVERY_MS)).toBe(true);
    expect(shouldEscalate(500, t, t + 100 * ESCALATE_EVERY_MS)).toBe(true);
  });

  test('the next sweep is the next occurrence of the enabled access.expire schedules', async () => {
    const t = Date.parse('2026-11-25T10:00:20Z');
    const schedule = (cron: string, enabled = true) => ({ name: cron, task: 'access.expire' as const, cron, timezone: 'UTC', enabled });
    expect(await nextSweepAt({ schedules: [schedule('* * * * *')] } as never, t)).toBe(Date.parse('2026-11-25T10:01:00Z'));
    expect(await nextSweepAt({ schedules: [schedule('*/5 * * * *'), schedule('* * * * *', false)] } as never, t)).toBe(Date.parse('2026-11-25T10:05:00Z'));
    expect(await nextSweepAt({ schedules: [] } as never, t)).toBe(t + 60_000);
  });

  test('grant ids follow the request, and are what `access revoke` accepts', () => {
    const id = grantIdFor('r-0123456789');
    expect(id).toMatch(GRANT_ID_PATTERN);
    expect(grantIdFor('r-0123456789')).toBe(id);
    expect(grantIdFor('r-0123456788')).not.toBe(id);
  });
});

import { backoffMs, MAX_BACKOFF_MS, shouldEscalate } from '../../../../src/features/access/revoke';
import { grantIdFor } from '../../../../src/features/access/grants';
import { GRANT_ID_PATTERN } from '../../../../src/commands/args';

describe('revoke retries', () => {
  test('back off 1 min, 2, 4, … capped', () => {
    expect([1, 2, 3, 4, 5].map((n) => backoffMs(n) / 60_000)).toEqual([1, 2, 4, 8, 16]);
    expect(backoffMs(6)).toBe(MAX_BACKOFF_MS);
    expect(backoffMs(50)).toBe(MAX_BACKOFF_MS);
  });

  test('escalate after 3 failed attempts, then every 3 more', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9].filter(shouldEscalate)).toEqual([3, 6, 9]);
  });

  test('grant ids follow the request, and are what `access revoke` accepts', () => {
    const id = grantIdFor('r-0123456789');
    expect(id).toMatch(GRANT_ID_PATTERN);
    expect(grantIdFor('r-0123456789')).toBe(id);
    expect(grantIdFor('r-0123456788')).not.toBe(id);
  });
});

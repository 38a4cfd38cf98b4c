import { clientTokenFor } from '../../../../src/features/access/client-token';

describe('the ClientToken of an access statement', () => {
  it('names the grant, the step and the attempt, so the same step gets the same token and the next attempt a new one', () => {
    expect(clientTokenFor('g-0123456789ab', 'grant', 1)).toBe('g-0123456789ab-grant-1');
    expect(clientTokenFor('g-0123456789ab', 'grant', 1)).toBe(clientTokenFor('g-0123456789ab', 'grant', 1));
    expect(clientTokenFor('g-0123456789ab', 'grant', 2)).not.toBe(clientTokenFor('g-0123456789ab', 'grant', 1));
    expect(clientTokenFor('g-0123456789ab', 'revoke', 1)).not.toBe(clientTokenFor('g-0123456789ab', 'grant', 1));
    expect(clientTokenFor('g-0123456789ab', 'end3', '1073807401')).toBe('g-0123456789ab-end3-1073807401');
  });

  it('digests a long or odd attempt (a request id) into a short plain token, distinct per request', () => {
    const a = clientTokenFor('g-0123456789ab', 'extend', 'r-2026-12-03T16:00:00Z-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa');
    const b = clientTokenFor('g-0123456789ab', 'extend', 'r-2026-12-03T16:00:00Z-aaaaaaaaaaaaaaaaaaaaaaaaaaaaab');
    expect(a).toMatch(/^g-0123456789ab-extend-[0-9a-f]{16}$/);
    expect(a).not.toBe(b);
    for (const token of [a, b, clientTokenFor('g-0123456789ab', 'verify-revoke', 999_999)]) expect(token.length).toBeLessThanOrEqual(48);
  });
});

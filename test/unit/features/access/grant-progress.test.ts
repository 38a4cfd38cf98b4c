import { endedProgress } from '../../../../src/features/access/grant-progress';

const AT = Date.parse('2026-11-25T11:03:00Z');

describe('the approval status of a grant that is over', () => {
  test('by why it ended', () => {
    expect(endedProgress({ revokeCause: 'expired' }, AT)).toEqual({ state: 'ended', text: 'access ended at 2026-11-25 11:03 UTC: its time was up' });
    expect(endedProgress({ revokeCause: 'done' }, AT)).toEqual({ state: 'ended', text: 'access ended at 2026-11-25 11:03 UTC, when the user was done' });
    expect(endedProgress({ revokeCause: 'revoked' }, AT)).toEqual({ state: 'ended', text: 'access revoked at 2026-11-25 11:03 UTC' });
  });

  test('an unconfirmed grant that was undone was never granted', () => {
    expect(endedProgress({ revokeCause: 'unverified' }, AT)).toEqual({
      state: 'failed',
      text: 'not granted: the unconfirmed grant was undone at 2026-11-25 11:03 UTC',
    });
  });

  test('a revoke Redshift cannot confirm says so', () => {
    expect(endedProgress({ revokeCause: 'expired', revokeConfirmation: 'cannot-verify' }, AT).text).toContain('cannot confirm the revoke');
  });
});

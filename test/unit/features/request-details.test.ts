import type { ApprovalRequest } from '../../../src/approvals/types';
import { accessDetailsSchema } from '../../../src/features/access/details';
import { RequestDetailsError, requestWithDetails } from '../../../src/features/shared/request-details';

/** An executor reads its request's details through their schema: a stored request that is not what it expects is refused, never acted on. */
describe('requestWithDetails', () => {
  const stored = (details: unknown): ApprovalRequest => ({ id: 'r-0123456789', details }) as ApprovalRequest;
  const approvals = (request: ApprovalRequest | undefined) => ({ get: async () => request });
  const access = { role: 'pii_users', target: 'prod', dbUser: 'alice', durationMs: 3_600_000, reason: 'ticket 7', mode: 'role' };

  test('gives the request with its details typed when they match', async () => {
    const request = await requestWithDetails(approvals(stored(access)), 'r-0123456789', accessDetailsSchema);
    expect(request?.details).toEqual(access);
  });

  test('undefined when there is no such request', async () => {
    expect(await requestWithDetails(approvals(undefined), 'r-0123456789', accessDetailsSchema)).toBeUndefined();
  });

  test('a mode the executor does not know, or a missing field, is refused with what is wrong', async () => {
    await expect(requestWithDetails(approvals(stored({ ...access, mode: 'superuser' })), 'r-0123456789', accessDetailsSchema)).rejects.toThrow(RequestDetailsError);
    await expect(requestWithDetails(approvals(stored({ ...access, dbUser: undefined })), 'r-0123456789', accessDetailsSchema)).rejects.toThrow(/r-0123456789.*dbUser/);
  });
});

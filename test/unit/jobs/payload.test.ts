import * as z from 'zod/mini';
import { JobPayloadError, readPayload } from '../../../src/jobs/payload';

describe('readPayload', () => {
  const schema = z.object({ requestId: z.string(), page: z.optional(z.int()) });

  test('a payload that matches is returned as its type', () => {
    expect(readPayload('access.grant', schema, { requestId: 'r-0123456789' })).toEqual({ requestId: 'r-0123456789' });
  });

  test.each([null, 'r-1', { requestId: 7 }, { requestId: 'r-1', page: 1.5 }])('%p fails with the job type and what is wrong', (payload) => {
    expect(() => readPayload('access.grant', schema, payload)).toThrow(JobPayloadError);
    expect(() => readPayload('access.grant', schema, payload)).toThrow(/^the access\.grant job's stored payload is not what it expects: ./);
  });
});

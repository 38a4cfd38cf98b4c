import { JobPayloadError, readPayload } from '../../../../src/jobs/payload';
import { LIST_JOB, OPEN_JOB, REVOKE_JOB } from '../../../../src/features/access/details';
import { listJobSchema } from '../../../../src/features/access/list';
import { openJobSchema } from '../../../../src/features/access/request';
import { revokeJobSchema } from '../../../../src/features/access/revoke-command';

const open = { role: 'pii_users', target: 'prod', durationMs: 3_600_000, reason: 'ticket 1', requester: 'U1', replyTo: { channel: 'C1', user: 'U1' }, requestKey: 'k' };

describe('the access jobs read their stored payloads through a schema', () => {
  test('access.open: dbUser may be absent (the job looks it up), and is kept when present', () => {
    expect(readPayload(OPEN_JOB, openJobSchema, open)).toEqual(open);
    expect(readPayload(OPEN_JOB, openJobSchema, { ...open, dbUser: 'alice' })).toEqual({ ...open, dbUser: 'alice' });
  });

  test.each([
    ['access.open without a duration', OPEN_JOB, () => readPayload(OPEN_JOB, openJobSchema, { ...open, durationMs: undefined })],
    ['access.open with nowhere to answer', OPEN_JOB, () => readPayload(OPEN_JOB, openJobSchema, { ...open, replyTo: { channel: 'C1' } })],
    ['access.revoke with a cause a person cannot give', REVOKE_JOB, () => readPayload(REVOKE_JOB, revokeJobSchema, { grantId: 'g-1', by: 'U1', cause: 'expired', replyTo: { responseUrl: 'https://x' } })],
    ['access.list without its user', LIST_JOB, () => readPayload(LIST_JOB, listJobSchema, { replyTo: { responseUrl: 'https://x' } })],
  ])('%s fails, naming the job', (_what, jobType, read) => {
    expect(read).toThrow(JobPayloadError);
    expect(read).toThrow(new RegExp(`^the ${jobType.replace('.', '\\.')} job's stored payload`));
  });

  test('what the commands enqueue reads back as it was written', () => {
    const revoke = { grantId: 'g-0123456789ab', by: 'U1', cause: 'done' as const, replyTo: { responseUrl: 'https://hooks.slack.com/x' } };
    expect(readPayload(REVOKE_JOB, revokeJobSchema, revoke)).toEqual(revoke);
    expect(readPayload(LIST_JOB, listJobSchema, { user: 'U1', replyTo: { channel: 'C1', user: 'U1' } })).toEqual({ user: 'U1', replyTo: { channel: 'C1', user: 'U1' } });
  });
});

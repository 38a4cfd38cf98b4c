import { OPEN_JOB, PROGRESS_WATCH } from '../../../src/features/lifecycle/ids';
import { progressWatchSchema } from '../../../src/features/lifecycle/progress';
import { lifecycleOperationSchema, type LifecycleOperation } from '../../../src/features/lifecycle/types';
import { JobPayloadError, readPayload } from '../../../src/jobs/payload';

describe('lifecycle payloads, checked when a job or watch reads them', () => {
  const deletion: LifecycleOperation = {
    action: 'delete',
    target: 'dev',
    requester: 'U0ANALYST',
    key: '0123456789abcdef',
    channelId: 'C0GENERAL',
    replyTo: { channel: 'C0GENERAL', user: 'U0ANALYST' },
    finalSnapshot: { skip: false, name: 'chatops-dev-final-20261125-100000-abcd', retentionDays: 'forever' },
  };
  const deferral: LifecycleOperation = {
    action: 'maintenance',
    target: 'ops',
    requester: 'U0ANALYST',
    key: 'fedcba9876543210',
    channelId: 'C0ALERTS',
    deferDays: 14,
    alert: { channel: 'C0ALERTS', ts: '1764064800.000100' },
  };

  test.each([deletion, deferral])('an operation as the bot stores it reads back the same: %j', (operation) => {
    expect(readPayload(OPEN_JOB, lifecycleOperationSchema, JSON.parse(JSON.stringify(operation)))).toEqual(operation);
  });

  test('a progress watch reads back with its operation and place', () => {
    const watch = { operation: deletion, place: { requestId: 'r-0123456789' }, step: 'cluster', until: 'gone' };
    expect(readPayload(PROGRESS_WATCH, progressWatchSchema, watch)).toEqual(watch);
  });

  test.each([
    ['an unknown action', { ...deletion, action: 'drop' }],
    ['no requester', { ...deletion, requester: undefined }],
    ['a final snapshot without its name', { ...deletion, finalSnapshot: { skip: false, retentionDays: 7 } }],
    ['days as text', { ...deferral, deferDays: '14' }],
    ['a reply place that is neither', { ...deletion, replyTo: { channel: 'C0GENERAL' } }],
  ])('%s fails the job instead of running on a guess', (_what, payload) => {
    expect(() => readPayload(OPEN_JOB, lifecycleOperationSchema, payload)).toThrow(JobPayloadError);
  });

  test('a watch on an unknown step fails', () => {
    expect(() =>
      readPayload(PROGRESS_WATCH, progressWatchSchema, {
        operation: deletion,
        place: { requestId: 'r-1' },
        step: 'database',
        until: 'gone',
      }),
    ).toThrow(/lifecycle/);
  });
});

import { bestEffort } from '../../../src/slack/best-effort';

describe('bestEffort', () => {
  test('returns what the call returns, and logs nothing', async () => {
    const log = jest.fn();
    expect(await bestEffort('chat.update', async () => 'ts-1', log)).toBe('ts-1');
    expect(log).not.toHaveBeenCalled();
  });

  test('a failure is logged with what was tried and why, and ends as undefined', async () => {
    const log = jest.fn();
    expect(await bestEffort('chat.postMessage to C0AUDIT', () => Promise.reject(new Error('channel_not_found')), log)).toBeUndefined();
    expect(log).toHaveBeenCalledWith('chat.postMessage to C0AUDIT failed (the work goes on without it): channel_not_found');
  });
});

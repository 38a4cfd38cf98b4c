import { OpenLimitError, openWithinLimit } from '../../../src/approvals/limits';

const atLimit = () => Promise.reject(new OpenLimitError(1, [{ id: 'r-1', title: 'Access to analytics' }]));

describe('openWithinLimit', () => {
  it('tells the person at their limit and opens nothing', async () => {
    const told: string[] = [];
    const logged: string[] = [];
    const result = await openWithinLimit(atLimit, async (text) => told.push(text), (message) => logged.push(message));
    expect(result).toBeUndefined();
    expect(told).toHaveLength(1);
    expect(told[0]).toMatch(/^:no_entry: .*Nothing was requested\.$/);
    expect(logged).toEqual([]);
  });

  it('logs a notice that cannot be delivered, with what was tried and why, and still refuses', async () => {
    const logged: string[] = [];
    const result = await openWithinLimit(
      atLimit,
      () => Promise.reject(new Error('channel_not_found')),
      (message) => logged.push(message),
    );
    expect(result).toBeUndefined();
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain('the open-limit notice to the requester');
    expect(logged[0]).toContain('channel_not_found');
  });

  it('rethrows any other failure without telling anyone', async () => {
    const told: string[] = [];
    await expect(
      openWithinLimit(() => Promise.reject(new Error('store down')), async (text) => told.push(text), () => undefined),
    ).rejects.toThrow('store down');
    expect(told).toEqual([]);
  });

  it('returns what was opened', async () => {
    await expect(openWithinLimit(async () => 'r-2', async () => undefined, () => undefined)).resolves.toBe('r-2');
  });
});

import { StatementTimeoutError } from '../../../../src/redshift/data/errors';

describe('StatementTimeoutError', () => {
  it('says the statement was cancelled and nothing of it applied when the cancel was accepted', () => {
    const error = new StatementTimeoutError('abc', 300_000, 'STARTED', { cancelled: true });
    expect(error.userMessage()).toBe(
      'The SQL statement was still started after 300 s, so it was cancelled and nothing of it was applied (Data API statement abc)',
    );
  });

  it('names the fault when the cancel failed, and does not claim anything was undone', () => {
    const error = new StatementTimeoutError('abc', 800, 'SUBMITTED', { cancelled: false, fault: 'ThrottlingException: Rate exceeded' });
    expect(error.userMessage()).toBe(
      'The SQL statement was still submitted after 800 ms; cancelling it failed (ThrottlingException: Rate exceeded), ' +
        'so it may still be running or have finished (Data API statement abc)',
    );
  });
});

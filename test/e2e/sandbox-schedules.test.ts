import { startTestSandbox } from './support/sandbox';

type Sandbox = Awaited<ReturnType<typeof startTestSandbox>>;

interface ClockAnswer {
  now: number;
  ran: string[];
}

/**
 * The console's clock control runs every schedule that came due in the span it skipped, as the README
 * says: daily and weekly billing digests, the weekly VACUUM reminder, hourly budget checks.
 */
describe('sandbox: moving the clock runs the schedules due in between', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startTestSandbox();
  }, 120_000);
  afterAll(async () => sandbox?.cleanUp(), 60_000);

  const advance = async (ms: number): Promise<ClockAnswer> => {
    const response = await fetch(`${sandbox.consoleUrl}/api/clock`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ advanceMs: ms }),
    });
    return (await response.json()) as ClockAnswer;
  };
  const alerts = async (): Promise<string[]> => {
    const state = (await (await fetch(`${sandbox.consoleUrl}/api/state`)).json()) as { messages: Array<{ channel: string; text: string }> };
    return state.messages.filter((message) => message.channel === 'C0ALERTS').map((message) => message.text);
  };

  test('+1 hour runs the hourly budget check; +8 days the daily and weekly digests and the VACUUM reminder', async () => {
    expect((await advance(3_600_000)).ran).toContain('cost-budgets');
    const week = await advance(8 * 24 * 3_600_000);
    expect(week.ran).toEqual(expect.arrayContaining(['billing-digest', 'billing-digest-weekly', 'vacuum-reminder', 'cost-budgets']));
    const posted = await alerts();
    expect(posted.filter((text) => text.startsWith('Billing digest'))).toHaveLength(2);
    expect(posted.filter((text) => text.startsWith('Weekly table health for'))).toHaveLength(2);
  }, 180_000);
});

import { formatUtc } from '../../../src/approvals/text';
import { grantIdFor } from '../../../src/features/access/grants';
import { textOfBlocks, type JsonValue } from '../../../src/sandbox/slack';
import { MIN, startAccessBot, type AccessBot } from '../../support/access-bot';

/**
 * The approval message and the requester's copy (read back from the Slack stand-in) say where the
 * grant really stands: granting while a fault lasts, granted until when, not granted, ended.
 */
describe('the approval message shows the real state of the grant', () => {
  let a: AccessBot;
  beforeAll(async () => {
    a = await startAccessBot();
  });
  afterAll(async () => a.bot.stopAll());
  afterEach(() => a.bot.aws.faults.clear());

  const throttleGrant = () =>
    a.bot.aws.faults.inject({
      service: 'redshift-data',
      operation: 'ExecuteStatement',
      fault: { kind: 'throttle' },
      times: Number.POSITIVE_INFINITY,
      when: (input: Readonly<Record<string, unknown>>) => String(input.Sql ?? '').startsWith('GRANT ROLE'),
    });

  /** The status as shown in both messages; they must agree. */
  const status = async (requestId: string): Promise<string> => {
    const request = await a.request(requestId);
    const shown = [request.approvalMessage, request.requesterMessage].map((ref) => {
      if (!ref) throw new Error(`request ${requestId} has a message missing`);
      const message = a.bot.slack.messages.get(ref.channel, ref.ts);
      if (!message) throw new Error(`no message ${ref.ts} in ${ref.channel}`);
      const line = textOfBlocks(message.blocks as JsonValue[]).split('\n').find((l) => l.includes('*Approved*'));
      return { line: line ?? '', text: message.text };
    });
    expect(shown[1]?.line).toBe(shown[0]?.line);
    expect(shown[0]?.text).toContain(' — approved · ');
    return shown[0]?.line ?? '';
  };
  const sweepMinutes = async (minutes: number) => {
    for (let n = 0; n < minutes; n++) {
      a.bot.clock.advance(MIN);
      await a.sweep();
    }
  };

  test('throttled: "retrying" with the next attempt and the last moment, then "granted until", then "access ended"', async () => {
    const requestId = await a.ask('1h');
    throttleGrant();
    await a.approve(requestId);
    const grantId = grantIdFor(requestId);
    const first = (await a.grant(grantId)).data.grantRetry;
    expect(first?.attempts).toBe(1);
    const until = formatUtc(first?.until ?? 0);
    expect(await status(requestId)).toBe(
      `:white_check_mark: *Approved* · 1 of 1 approval · :hourglass: granting — AWS is throttling; attempt 2 at ${formatUtc(a.bot.clock.now() + MIN)}, trying until ${until}; nothing granted yet`,
    );

    await sweepMinutes(1);
    expect((await a.grant(grantId)).data.grantRetry?.attempts).toBe(2);
    expect(await status(requestId)).toContain(':hourglass: granting — AWS is throttling; attempt 3 at');

    a.bot.aws.faults.clear();
    for (let n = 0; n < 10 && (await a.grant(grantId)).data.status === 'granting'; n++) await sweepMinutes(1);
    const granted = await a.grant(grantId);
    expect(granted.data.status).toBe('active');
    expect(await status(requestId)).toBe(
      `:white_check_mark: *Approved* · 1 of 1 approval · :large_green_circle: granted until ${formatUtc(granted.data.endsAt)}`,
    );

    a.bot.clock.advance(granted.data.endsAt - a.bot.clock.now() + 1);
    await a.sweep();
    const ended = await a.grant(grantId);
    expect(ended.data.status).toBe('revoked');
    expect(await status(requestId)).toBe(
      `:white_check_mark: *Approved* · 1 of 1 approval · :white_circle: access ended at ${formatUtc(ended.data.revokedAt ?? 0)}: its time was up`,
    );
  });

  test('a fault that never clears: the message ends at "not granted", with the reason and no account id', async () => {
    const requestId = await a.ask('15m');
    throttleGrant();
    await a.approve(requestId);
    const grantId = grantIdFor(requestId);
    for (let n = 0; n < 30 && (await a.grant(grantId)).data.status === 'granting'; n++) await sweepMinutes(1);
    expect((await a.grant(grantId)).data.status).toBe('failed');
    const line = await status(requestId);
    expect(line).toMatch(/^:white_check_mark: \*Approved\* · 1 of 1 approval · :x: not granted after \d+ attempts: /);
    expect(line).not.toMatch(/\d{12}|arn:aws/);
  });

  test('a permanent error: "not granted" at once', async () => {
    const requestId = await a.ask('30m');
    a.bot.aws.faults.inject({
      service: 'redshift-data',
      operation: 'ExecuteStatement',
      fault: { kind: 'named', code: 'AccessDeniedException', message: 'User is not authorized to perform: redshift-data:ExecuteStatement', status: 400 },
      when: (input) => String(input.Sql ?? '').startsWith('GRANT ROLE'),
    });
    await a.approve(requestId);
    expect(await status(requestId)).toMatch(/· :x: not granted: .*AccessDenied/);
  });

  test('an out-of-order report keeps the newest: a late "retrying" does not hide "granted"', async () => {
    const { requestId, grantId } = await a.grantPii('30m');
    const g = (await a.grant(grantId)).data;
    const ports = a.bot.server.chatops.ports;
    const grantedLine = `:white_check_mark: *Approved* · 1 of 1 approval · :large_green_circle: granted until ${formatUtc(g.endsAt)}`;
    expect(await status(requestId)).toBe(grantedLine);
    const stale = { state: 'retrying' as const, text: 'granting — AWS is throttling', at: (g.grantedAt ?? 0) - 1 };
    expect(await ports.approvals.progress(requestId, stale, a.bot.server.chatops.slack)).toBe(false);
    expect((await a.request(requestId)).progress?.state).toBe('done');
    expect(await status(requestId)).toBe(grantedLine);
    // Clean up: alice ends it.
    a.bot.clock.advance(31 * MIN);
    await a.sweep();
    expect((await a.grant(grantId)).data.status).toBe('revoked');
  });

  test('an extension: its request says "extended until", the first one the new end', async () => {
    const { requestId, grantId } = await a.grantPii('30m');
    a.bot.clock.advance(5 * MIN);
    const extension = await a.ask('1h');
    expect((await a.request(extension)).title).toContain('extend');
    await a.approve(extension);
    const g = (await a.grant(grantId)).data;
    expect(g.requests).toEqual([requestId, extension]);
    const until = formatUtc(g.endsAt);
    expect(await status(extension)).toBe(`:white_check_mark: *Approved* · 1 of 1 approval · :large_green_circle: extended until ${until}`);
    expect(await status(requestId)).toBe(`:white_check_mark: *Approved* · 1 of 1 approval · :large_green_circle: granted until ${until} (extended by a later request)`);
    // Its end is said on both.
    a.bot.clock.advance(g.endsAt - a.bot.clock.now() + 1);
    await a.sweep();
    for (const id of [requestId, extension]) expect(await status(id)).toContain('· :white_circle: access ended at');
  });
});

import { WebClient } from '@slack/web-api';
import { ManualClock } from '../../../src/clock';
import { parseChatopsConfig } from '../../../src/config/chatops';
import { AUDIT_SETTLE_MS, publishAudit } from '../../../src/jobs/audit-channel';
import { startSlackStandIn, type SlackStandIn } from '../../../src/sandbox/slack';
import { minimalConfigYaml } from '../../support/config';
import { tempSqliteStore } from '../../support/temp-store';

const AUDIT = 'C0AUDIT';

describe('the audit channel mirrors the audit log', () => {
  let slack: SlackStandIn;
  beforeAll(async () => {
    slack = await startSlackStandIn();
  });
  afterAll(async () => slack.close());
  beforeEach(() => slack.reset());

  function setup() {
    const clock = new ManualClock(Date.parse('2026-11-25T10:00:00Z'));
    const { store, cleanup } = tempSqliteStore(clock);
    const logs: string[] = [];
    const context = {
      config: parseChatopsConfig(minimalConfigYaml),
      store,
      clock,
      slack: new WebClient('xoxb-test', { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } }),
      log: (message: string) => logs.push(message),
    };
    return { clock, store, cleanup, context, logs };
  }
  const posted = () => slack.messages.inChannel(AUDIT).map((m) => m.text ?? '');

  test('one line per record, with a name instead of a mention, each record once', async () => {
    const { clock, store, cleanup, context } = setup();
    await store.appendAudit({
      actor: 'U0ANALYST',
      action: 'access.request',
      target: 'prod',
      input: { role: 'pii_users', reason: 'ticket <!channel> `x`' },
    });
    await store.appendAudit({ actor: 'system', action: 'access.revoked', target: 'prod', result: { statementId: 'abc' } });
    // Too fresh: a record written a moment late must not be skipped, so it waits for the next tick.
    expect(await publishAudit(context)).toEqual({ posted: 0 });
    clock.advance(AUDIT_SETTLE_MS);
    expect(await publishAudit(context)).toEqual({ posted: 2 });
    const [text] = posted();
    const lines = text.split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^`2026-11-25 10:00:00Z` \*access\.request\* · prod · by .+ \(U0ANALYST\) in `/);
    expect(lines[0]).not.toContain('<@');
    expect(lines[0]).toContain('&lt;!channel&gt;');
    expect(lines[0]).not.toContain('`x`');
    expect(lines[1]).toContain('*access.revoked* · prod · by system → `{"statementId":"abc"}`');

    clock.advance(60_000);
    expect(await publishAudit(context)).toEqual({ posted: 0 });
    await store.appendAudit({ actor: 'U0APPROVER', action: 'approval.approve', target: 'prod' });
    clock.advance(AUDIT_SETTLE_MS);
    expect(await publishAudit(context)).toEqual({ posted: 1 });
    expect(posted()).toHaveLength(2);
    expect(posted()[1]).toContain('*approval.approve*');
    await cleanup();
  });

  test('the first run starts a day back, not at the beginning of time', async () => {
    const { clock, store, cleanup, context } = setup();
    await store.appendAudit({ actor: 'system', action: 'old.thing', target: 'prod' });
    clock.advance(25 * 3_600_000);
    await store.appendAudit({ actor: 'system', action: 'new.thing', target: 'prod' });
    clock.advance(AUDIT_SETTLE_MS);
    expect(await publishAudit(context)).toEqual({ posted: 1 });
    expect(posted()[0]).toContain('*new.thing*');
    await cleanup();
  });

  test('two ticks at once post a record once', async () => {
    const { clock, store, cleanup, context } = setup();
    for (let i = 0; i < 5; i++) await store.appendAudit({ actor: 'system', action: `step.${i}`, target: 'prod' });
    clock.advance(AUDIT_SETTLE_MS);
    const results = await Promise.all(Array.from({ length: 4 }, () => publishAudit(context)));
    expect(results.map((r) => r.posted).sort()).toEqual([0, 0, 0, 5]);
    expect(posted().join('\n').split('\n')).toHaveLength(5);
    await cleanup();
  });

  test('a failed post is retried by the next tick; nothing is lost', async () => {
    const { clock, store, cleanup, context, logs } = setup();
    await store.appendAudit({ actor: 'system', action: 'snapshot.create', target: 'prod' });
    clock.advance(AUDIT_SETTLE_MS);
    slack.failNext('chat.postMessage', 'channel_not_found');
    expect(await publishAudit(context)).toEqual({ posted: 0 });
    expect(logs.join('\n')).toContain('channel_not_found');
    expect(posted()).toEqual([]);
    expect(await publishAudit(context)).toEqual({ posted: 1 });
    expect(posted()[0]).toContain('*snapshot.create*');
    await cleanup();
  });

  test('a backlog drains a hundred records a tick, in order, without repeats across equal times', async () => {
    const { clock, store, cleanup, context } = setup();
    // 250 records in the same millisecond: the boundary cannot be a time alone.
    for (let i = 0; i < 250; i++)
      await store.appendAudit({ actor: 'system', action: `bulk.${String(i).padStart(3, '0')}`, target: 'prod' });
    clock.advance(AUDIT_SETTLE_MS);
    expect((await publishAudit(context)).posted).toBe(100);
    expect((await publishAudit(context)).posted).toBe(100);
    expect((await publishAudit(context)).posted).toBe(50);
    expect((await publishAudit(context)).posted).toBe(0);
    const actions = posted()
      .join('\n')
      .split('\n')
      .map((line) => /\*(bulk\.\d+)\*/.exec(line)?.[1]);
    expect(new Set(actions).size).toBe(250);
    await cleanup();
  });
});

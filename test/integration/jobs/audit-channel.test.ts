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

  test('one sentence per record, people by name and never as a mention, the payload below it, each record once', async () => {
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
    const [message] = slack.messages.inChannel(AUDIT);
    const lines = (message.text ?? '').split('\n');
    expect(lines).toEqual([
      "alice (U0ANALYST) asked for access to `prod` as `pii_users`, reason “ticket &lt;!channel&gt; 'x'”.",
      'The bot revoked access on `prod`, Data API id `abc`.',
    ]);
    // Sentence, its details (input and result in a code block), then the next sentence.
    expect(message.blocks).toEqual([
      { type: 'section', text: { type: 'mrkdwn', text: lines[0] } },
      {
        type: 'section',
        text: { type: 'mrkdwn', text: '```{\n "input": {\n  "role": "pii_users",\n  "reason": "ticket &lt;!channel&gt; `x`"\n }\n}```' },
      },
      { type: 'section', text: { type: 'mrkdwn', text: lines[1] } },
      { type: 'section', text: { type: 'mrkdwn', text: '```{\n "result": {\n  "statementId": "abc"\n }\n}```' } },
    ]);
    expect(JSON.stringify(message)).not.toContain('&lt;@U0ANALYST');
    expect(JSON.stringify(message)).not.toContain('(cut)');

    clock.advance(60_000);
    expect(await publishAudit(context)).toEqual({ posted: 0 });
    await store.appendAudit({ actor: 'U0APPROVER', action: 'approval.approve', target: 'prod' });
    clock.advance(AUDIT_SETTLE_MS);
    expect(await publishAudit(context)).toEqual({ posted: 1 });
    expect(posted()).toHaveLength(2);
    expect(posted()[1]).toBe('bob (U0APPROVER) approved a request on `prod`.');
    await cleanup();
  });

  test('a routine schedule run stays in the audit log only; a failed or missing task is posted', async () => {
    const { clock, store, cleanup, context } = setup();
    const run = { actor: 'system', action: 'schedule.run', target: 'jobs', input: { task: 'jobs.advance' } };
    await store.appendAudit({ ...run, result: { outcome: 'ok' } });
    clock.advance(AUDIT_SETTLE_MS);
    expect(await publishAudit(context)).toEqual({ posted: 0 });
    expect(posted()).toEqual([]);
    // Claimed all the same: it is never posted later either.
    clock.advance(60_000);
    await store.appendAudit({ ...run, result: { outcome: 'failed', error: 'throttled' } });
    await store.appendAudit({ ...run, target: 'digest', input: { task: 'cost.digest' }, result: { outcome: 'not-built' } });
    await store.appendAudit({ ...run, result: { outcome: 'ok' } });
    clock.advance(AUDIT_SETTLE_MS);
    expect(await publishAudit(context)).toEqual({ posted: 2 });
    expect(posted()).toEqual([
      'The schedule `jobs` ran the jobs.advance task: failed, “throttled”.\n' +
        'The schedule `digest` came due, but the cost.digest task is not available: nothing ran.',
    ]);
    const stored = await store.listAudit({ from: 0, to: clock.now() + 1 });
    expect(stored.items.filter((r) => r.action === 'schedule.run')).toHaveLength(4);
    await cleanup();
  });

  test('the first run starts a day back, not at the beginning of time', async () => {
    const { clock, store, cleanup, context } = setup();
    await store.appendAudit({ actor: 'system', action: 'old.thing', target: 'prod' });
    clock.advance(25 * 3_600_000);
    await store.appendAudit({ actor: 'system', action: 'new.thing', target: 'prod' });
    clock.advance(AUDIT_SETTLE_MS);
    expect(await publishAudit(context)).toEqual({ posted: 1 });
    expect(posted()).toEqual(['The bot did `new.thing` on `prod`.']);
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
    expect(posted()).toEqual(['The bot took a snapshot of `prod`.']);
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
      .map((line) => /^The bot did `(bulk\.\d+)` on `prod`\.$/.exec(line)?.[1]);
    expect(actions).toEqual(Array.from({ length: 250 }, (_, i) => `bulk.${String(i).padStart(3, '0')}`));
    await cleanup();
  });
});

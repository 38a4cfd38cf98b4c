import { JOB_KIND } from '../../../src/jobs/queue';
import { slashCommand } from '../../../src/sandbox/slack';
import { countingFeature } from '../../support/counting-feature';
import { startTestBot, type TestBot } from '../../support/bot';

describe('server runtime: HTTPReceiver at /slack/events', () => {
  let bot: TestBot;
  const counting = countingFeature();

  beforeAll(async () => {
    bot = await startTestBot({ features: [...(await import('../../../src/features/catalog')).builtFeatures, counting.feature] });
  });
  afterAll(async () => bot.stop());

  const command = (text: string) => slashCommand({ text, userId: 'U0ANALYST', responseUrl: bot.slack.newResponseUrl() });

  test('a signed /redshift help is answered with the grammar, ephemerally, in the HTTP response', async () => {
    const response = await bot.requester.send(command('help'));
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({ response_type: 'ephemeral' });
    const text = (response.json as { text: string }).text;
    for (const words of ['status', 'access request', 'snapshot create', 'restore', 'pause', 'delete', 'cost', 'vacuum run']) {
      expect(text).toContain(words);
    }
    expect(text).toContain('prod');
  });

  test('an empty command is help too', async () => {
    const response = await bot.requester.send(command(''));
    expect((response.json as { text: string }).text).toContain('access request');
  });

  test('a malformed command says what was wrong and the closest valid form; nothing runs', async () => {
    const jobsBefore = (await bot.server.store.list(JOB_KIND)).items.length;
    const callsBefore = bot.slack.calls.length;
    const response = await bot.requester.send(command('snapshto create'));
    const text = (response.json as { text: string }).text;
    expect(text).toMatch(/Did you mean `\/redshift snapshot create/);
    // Work starts after the ack, off the request path: wait for anything dispatched before counting.
    await bot.server.dispatcher.idle();
    expect(counting.runs()).toBe(0);
    expect((await bot.server.store.list(JOB_KIND)).items).toHaveLength(jobsBefore);
    expect(bot.slack.calls).toHaveLength(callsBefore);
  });

  test('a bad argument names the argument and the allowed values', async () => {
    const response = await bot.requester.send(command('status prodd'));
    const text = (response.json as { text: string }).text;
    expect(text).toContain('`prodd` is not a target');
    expect(text).toContain('prod');
  });

  test('a verb whose capability is not built yet says so plainly', async () => {
    // Every verb has its feature now; a build without the lifecycle feature stands in for one that lacks it.
    const partial = await startTestBot({ features: [counting.feature] });
    try {
      const response = await partial.requester.send(slashCommand({ text: 'pause prod', userId: 'U0ANALYST', responseUrl: partial.slack.newResponseUrl() }));
      expect(response.status).toBe(200);
      expect((response.json as { text: string }).text).toBe(
        '`/redshift pause` is not available in this version yet: this capability is still being built. Nothing was run. `/redshift help` lists every command.',
      );
    } finally {
      await partial.stop();
    }
  });

  test('a bad signature is rejected with 401 and no listener runs', async () => {
    const before = counting.runs();
    const response = await bot.requester.send(command('snapshot create'), { signingSecret: 'wrong-secret' });
    expect(response.status).toBe(401);
    await bot.server.dispatcher.idle();
    expect(counting.runs()).toBe(before);
  });

  test('a request signed more than 5 minutes ago is rejected with 401 and no listener runs', async () => {
    const before = counting.runs();
    const response = await bot.requester.send(command('snapshot create'), { timestampSeconds: Math.floor(Date.now() / 1000) - 6 * 60 });
    expect(response.status).toBe(401);
    await bot.server.dispatcher.idle();
    expect(counting.runs()).toBe(before);
  });

  test('a Slack retry of the same request does not run the work twice', async () => {
    const before = counting.runs();
    const payload = command('snapshot create');
    const first = await bot.requester.send(payload);
    const retry = await bot.requester.send(payload, { headers: { 'X-Slack-Retry-Num': '1', 'X-Slack-Retry-Reason': 'http_timeout' } });
    expect((first.json as { text: string }).text).toBe('Started.');
    expect((retry.json as { text: string }).text).toBe('Already started.');
    await bot.server.dispatcher.idle();
    expect(counting.runs()).toBe(before + 1);
  });

  test('GET /healthz answers 200', async () => {
    const response = await fetch(`${bot.server.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });
});

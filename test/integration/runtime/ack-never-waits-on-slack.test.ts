import { slashCommand, viewSubmission, type JsonObject, type SlackPayload } from '../../../src/sandbox/slack';
import { GRANT_KIND, type GrantRecord } from '../../../src/features/access/grants';
import { ACCESS_MODAL, ROLE_ACTION } from '../../../src/features/access/modal';
import {
  DELETE_MODAL,
  FINAL_BLOCK,
  NAME_BLOCK,
  RETENTION_BLOCK,
  SNAPSHOT_NAME_BLOCK,
  TAKE_FINAL,
} from '../../../src/features/lifecycle/ids';
import { usergroupGatedYaml } from '../../support/config';
import { startWarehouseBot, twoTargetsYaml, type WarehouseBot } from '../../support/warehouse-bot';

/**
 * Every answer Slack waits for (slash commands, modal submissions) leaves in well under 3 s while
 * the Web API answers 429 with Retry-After: 30 — the identity lookup (users.info), the usergroup
 * checks (usergroups.users.list) and views.open. The person then gets the refusal, the form or a
 * clear "Slack is busy", and nothing is recorded.
 */
const yaml = `${twoTargetsYaml}${usergroupGatedYaml}`;
// Bob: a member of S0DATALEADS, mapped by his e-mail (bob@example.com), so by users.info.
const BOB = 'U0APPROVER';
const RETRY_AFTER_S = 30;
const FAST_MS = 2_500;

describe('the ack never waits on the Web API (server runtime)', () => {
  let bot: WarehouseBot;
  beforeAll(async () => {
    bot = await startWarehouseBot(yaml);
  });
  afterAll(async () => bot.stopAll());
  // Cached usergroups are trusted for a minute: each test starts with none, so Slack must be asked.
  beforeEach(() => bot.clock.advance(61_000));

  const lastSeq = () => bot.slack.calls.reduce((max, call) => Math.max(max, call.seq), 0);
  const timed = async (payload: SlackPayload) => {
    const started = Date.now();
    const response = await bot.requester.send(payload);
    return { response, ms: Date.now() - started, text: (response.json as { text?: string } | undefined)?.text ?? response.text };
  };
  const command = (text: string) => timed(slashCommand({ text, userId: BOB, responseUrl: bot.slack.newResponseUrl({ userId: BOB }) }));
  const answered = async (since: number) => String((await bot.slack.waitFor('response_url', (call) => call.seq > since, 5_000)).body.text);
  const approvalPosts = (since: number) =>
    bot.slack.callsTo('chat.postMessage').filter((call) => call.seq > since && call.body.channel === 'C0APPROVALS');

  test('access request (typed in full): acked at once; a rate-limited users.info ends in "Slack is busy", nothing requested', async () => {
    bot.slack.rateLimitNext('users.info', RETRY_AFTER_S);
    const since = lastSeq();
    const { ms, text } = await command('access request pii_users 1h ticket 7');
    expect(ms).toBeLessThan(FAST_MS);
    expect(text).toContain('Looking up your database user');
    expect(await answered(since)).toContain('Slack is busy');
    await bot.settle();
    expect(approvalPosts(since)).toHaveLength(0);
    // Typed again once Slack answers: one request, as bob.
    const again = lastSeq();
    await command('access request pii_users 1h ticket 7');
    await bot.settle();
    expect(approvalPosts(again)).toHaveLength(1);
    expect(String(approvalPosts(again)[0].body.text)).toContain('pii_users');
  }, 20_000);

  test('access request (form): acked before views.open; a rate-limited views.open says "Slack is busy"', async () => {
    bot.slack.rateLimitNext('views.open', RETRY_AFTER_S);
    const since = lastSeq();
    const { ms, response } = await command('access request');
    expect(ms).toBeLessThan(FAST_MS);
    expect(response.status).toBe(200);
    expect(await answered(since)).toContain('Slack is busy');
    expect(bot.slack.callsTo('views.open').filter((call) => call.seq > since && (call.response as JsonObject).ok === true)).toHaveLength(0);
    // Without the rate limit the form opens, and no users.info was needed to show it.
    const again = lastSeq();
    await command('access request');
    await bot.slack.waitFor('views.open', (call) => call.seq > again && (call.response as JsonObject).ok === true, 3_000);
    expect(bot.slack.callsTo('users.info').filter((call) => call.seq > again)).toHaveLength(0);
  }, 20_000);

  test('access request form submission: closed at once; a rate-limited users.info in the job says "Slack is busy"', async () => {
    const since = lastSeq();
    await command('access request pii_users');
    await bot.slack.waitFor('views.open', (call) => call.seq > since, 3_000);
    const view = bot.slack.views.latest() as JsonObject;
    expect(view.callback_id).toBe(ACCESS_MODAL);
    bot.slack.rateLimitNext('users.info', RETRY_AFTER_S);
    const submitted = lastSeq();
    const { ms, response } = await timed(
      viewSubmission({
        userId: BOB,
        callbackId: ACCESS_MODAL,
        view,
        values: {
          role: { [ROLE_ACTION]: { type: 'static_select', selected_option: { value: 'pii_users' } } },
          duration: { value: { type: 'static_select', selected_option: { value: String(3_600_000) } } },
          reason: { value: { type: 'plain_text_input', value: 'ticket 9' } },
        },
      }),
    );
    expect(ms).toBeLessThan(FAST_MS);
    expect(response.status).toBe(200);
    expect(response.text).toBe('');
    const told = await bot.slack.waitFor('chat.postEphemeral', (call) => call.seq > submitted, 3_000);
    expect(String(told.body.text)).toContain('Slack is busy');
    await bot.settle();
    expect(approvalPosts(submitted)).toHaveLength(0);
  }, 20_000);

  test('access revoke (form): acked before the usergroup check; a rate-limited check says "Slack is busy"', async () => {
    const store = bot.server.chatops.ports.store;
    const now = bot.clock.now();
    const grant: GrantRecord = {
      requestId: 'r-ackfirst',
      requests: ['r-ackfirst'],
      user: 'U0ANALYST',
      dbUser: 'alice',
      role: 'pii_users',
      target: 'prod',
      mode: 'role',
      endSessionsOnRevoke: false,
      grantedAt: now,
      endsAt: now + 3_600_000,
      status: 'active',
      attempts: 0,
      history: [],
    };
    await store.create(GRANT_KIND, 'g-ackfirst01', grant);
    bot.slack.rateLimitNext('usergroups.users.list', RETRY_AFTER_S);
    const since = lastSeq();
    const { ms } = await command('access revoke');
    expect(ms).toBeLessThan(FAST_MS);
    expect(await answered(since)).toContain('Slack is busy');
    // Asked again: bob approves pii_users through S0DATALEADS, so the form lists alice's grant.
    const again = lastSeq();
    await command('access revoke');
    const opened = await bot.slack.waitFor('views.open', (call) => call.seq > again, 3_000);
    expect(JSON.stringify(opened.body)).toContain('g-ackfirst01');
    // Typed with the id: acked first too, and a rate-limited check says so; the grant stays.
    bot.clock.advance(61_000);
    bot.slack.rateLimitNext('usergroups.users.list', RETRY_AFTER_S);
    const byId = lastSeq();
    const typed = await command('access revoke g-ackfirst01');
    expect(typed.ms).toBeLessThan(FAST_MS);
    expect(await answered(byId)).toContain('Slack is busy');
    await bot.settle();
    expect((await store.get<GrantRecord>(GRANT_KIND, 'g-ackfirst01'))?.data.status).toBe('active');
  }, 20_000);

  test('restore: acked before the policy check; a rate-limited check says "Slack is busy" and opens nothing', async () => {
    bot.slack.rateLimitNext('usergroups.users.list', RETRY_AFTER_S);
    const since = lastSeq();
    const { ms } = await command('restore prod');
    expect(ms).toBeLessThan(FAST_MS);
    expect(await answered(since)).toContain('Slack is busy');
    expect(bot.slack.callsTo('views.open').filter((call) => call.seq > since)).toHaveLength(0);
    await bot.settle();
  }, 20_000);

  test('restore: a rate-limited views.open after the policy check says "Slack is busy"', async () => {
    bot.slack.rateLimitNext('views.open', RETRY_AFTER_S);
    const since = lastSeq();
    const { ms } = await command('restore prod');
    expect(ms).toBeLessThan(FAST_MS);
    expect(await answered(since)).toContain('Slack is busy');
    await bot.settle();
  }, 20_000);

  test('pause <target>: acked before the policy check; a rate-limited check says "Slack is busy", nothing started', async () => {
    bot.slack.rateLimitNext('usergroups.users.list', RETRY_AFTER_S);
    const since = lastSeq();
    const { ms } = await command('pause prod');
    expect(ms).toBeLessThan(FAST_MS);
    expect(await answered(since)).toContain('Slack is busy');
    await bot.settle();
    expect(
      bot
        .responses(since)
        .map((body) => String(body.text))
        .join('\n'),
    ).not.toContain('Looking at');
    // Slack answering again: the same command previews the pause.
    const again = lastSeq();
    await command('pause prod');
    expect(await answered(again)).toContain('Looking at *prod*');
    await bot.settle();
  }, 20_000);

  test('delete form submission: closed at once; a rate-limited policy check tells the person, no request opened', async () => {
    const since = lastSeq();
    await command('delete prod');
    const opened = await bot.slack.waitFor('views.open', (call) => call.seq > since, 3_000);
    const view = bot.slack.views.latest() as JsonObject;
    expect(JSON.stringify(opened.body)).toContain(DELETE_MODAL);
    const generated = JSON.stringify(view.blocks).match(/"initial_value":"(chatops-[a-z0-9-]+-final-[0-9]{8}-[0-9]{6}-[0-9a-f]{4})"/)?.[1];
    bot.clock.advance(61_000);
    bot.slack.rateLimitNext('usergroups.users.list', RETRY_AFTER_S);
    const submitted = lastSeq();
    const { ms, response } = await timed(
      viewSubmission({
        userId: BOB,
        callbackId: DELETE_MODAL,
        view,
        values: {
          [NAME_BLOCK]: { value: { type: 'plain_text_input', value: 'analytics-prod' } },
          [FINAL_BLOCK]: { value: { type: 'radio_buttons', selected_option: { value: TAKE_FINAL } } },
          [SNAPSHOT_NAME_BLOCK]: { value: { type: 'plain_text_input', value: generated ?? null } },
          [RETENTION_BLOCK]: { value: { type: 'plain_text_input', value: 'forever' } },
        },
      }),
    );
    expect(ms).toBeLessThan(FAST_MS);
    expect(response.status).toBe(200);
    const told = await bot.slack.waitFor('chat.postEphemeral', (call) => call.seq > submitted, 3_000);
    expect(String(told.body.text)).toContain('Slack is busy');
    await bot.settle();
    expect(approvalPosts(submitted)).toHaveLength(0);
  }, 20_000);
});

import { blockActions, slashCommand, type StoredMessage } from '../../src/sandbox/slack';
import { crowd } from '../support/approval-bot';
import { pause, requestIdOf, waitFor } from '../support/crash/access-flow';
import { startLambdaLocalWorld, type LambdaLocalWorld } from './support/lambda-local';

const APPROVALS = 'C0APPROVALS';
const ALICE = 'U0ANALYST';

/**
 * `npm run lambda:local`: serverless.yml's three functions served by serverless-offline from the
 * bundle, the state on dynalite, the worker reached by Lambda's Invoke API and the tick fired every
 * second. Driven only from outside, as Slack would: signed requests to POST /slack/events.
 */
describe('npm run lambda:local: the Lambda deployment on this machine', () => {
  let world: LambdaLocalWorld;
  beforeAll(async () => {
    world = await startLambdaLocalWorld();
  }, 120_000);
  afterAll(async () => {
    await world?.stop();
  });

  const approvalMessages = (): StoredMessage[] =>
    world.slack.messages.inChannel(APPROVALS).filter((message) => !message.thread_ts && (message.text ?? '').includes(' asks '));
  const threadOf = (message: StoredMessage): string[] =>
    world.slack.messages.thread(APPROVALS, message.ts).map((reply) => reply.text ?? '');
  const statements = (pattern: RegExp): number =>
    world.aws.data.statements.filter((s) => pattern.test(s.sql) && s.sql.includes('alice')).length;

  test('it prints what it started', () => {
    const output = world.output();
    expect(output).toMatch(/Slack requests\s+POST http:\/\/127\.0\.0\.1:\d+\/slack\/events\s+-> redshift-chatops-local-slack/);
    expect(output).toMatch(
      /Lambda Invoke\s+http:\/\/127\.0\.0\.1:\d+\s+redshift-chatops-local-slack, redshift-chatops-local-worker, redshift-chatops-local-tick/,
    );
    expect(output).toContain('tick            every 1 s (on AWS: rate(1 minute))');
    expect(output).toMatch(
      /state table\s+redshift-chatops-local on dynalite \(in memory\) http:\/\/127\.0\.0\.1:\d+; TTL on ttl, swept with each tick/,
    );
    expect(output).toContain(`Slack Web API   ${world.slack.apiUrl}`);
    expect(output).toContain(`AWS             ${world.aws.endpoint}`);
  });

  test('an unsigned request is refused before anything runs', async () => {
    const response = await world.requester.send(
      slashCommand({ text: 'access request pii_users prod 1m', userId: ALICE, responseUrl: world.slack.newResponseUrl({ userId: ALICE }) }),
      { signingSecret: 'wrong' },
    );
    expect(response.status).toBe(401);
  });

  test('access request → approval request → 20 approvers at once → one GRANT → the tick revokes it on time', async () => {
    const payload = slashCommand({
      text: 'access request pii_users prod 1m ticket 19',
      userId: ALICE,
      responseUrl: world.slack.newResponseUrl({ userId: ALICE }),
    });
    const ack = await world.requester.send(payload);
    expect(ack.status).toBe(200);
    expect(JSON.stringify(ack.json)).toContain('Asking approvers');
    // Slack retries a command it thinks timed out; the retry must open nothing more.
    const retry = await world.requester.send(payload, { headers: { 'X-Slack-Retry-Num': '1', 'X-Slack-Retry-Reason': 'http_timeout' } });
    expect(retry.status).toBe(200);

    // The slack function recorded an access.open job and invoked the worker, which posted the request.
    const message = await waitFor(() => approvalMessages()[0], 'the approval message from the worker', 30_000);
    expect(requestIdOf(message)).toMatch(/\S/);
    await pause(2_000);
    expect(approvalMessages()).toHaveLength(1);

    // Twenty listed approvers click at once, and Slack retries one click; each may land on a fresh instance of the function.
    const click = (userId: string) =>
      blockActions({ userId, actionId: 'approval_approve', message: { ...message, channel: APPROVALS }, channelId: APPROVALS });
    const first = click(crowd[0].id);
    const clicks = await Promise.all([
      world.requester.send(first),
      ...crowd.slice(1).map((person) => world.requester.send(click(person.id))),
      world.requester.send(first, { headers: { 'X-Slack-Retry-Num': '1', 'X-Slack-Retry-Reason': 'http_timeout' } }),
    ]);
    expect(clicks.map((answer) => answer.status)).toEqual([...crowd, crowd[0]].map(() => 200));
    await waitFor(
      async () =>
        threadOf(message).some((text) => text.startsWith(':white_check_mark: Granted')) && (await world.holds('alice', 'pii_users')),
      'the grant',
      30_000,
    );
    expect(statements(/^GRANT ROLE/i)).toBe(1);
    expect(threadOf(message).filter((text) => text.startsWith(':white_check_mark: Granted'))).toHaveLength(1);

    // A minute later the every-second tick's access.expire revokes it, once.
    await waitFor(
      async () => statements(/^REVOKE ROLE/i) > 0 && !(await world.holds('alice', 'pii_users')),
      'the revoke at expiry',
      80_000,
    );
    await pause(2_000);
    expect(statements(/^REVOKE ROLE/i)).toBe(1);
    expect(statements(/^GRANT ROLE/i)).toBe(1);
    expect(threadOf(message).filter((text) => text.includes(':lock: Access to'))).toHaveLength(1);
  }, 150_000);

  test('Ctrl-C stops the whole stack', async () => {
    expect(await world.stop()).toBe(0);
  }, 30_000);
});

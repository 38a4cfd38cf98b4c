import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebClient } from '@slack/web-api';
import { PeopleResolver } from '../../../src/approvals/people';
import { databaseUserFor, identityFromConfig, type Identity } from '../../../src/features/access/identity';
import { busyAware, FAIL_FAST_TIMEOUT_MS, failFastClient, fetchWithin, SlackBusyError } from '../../../src/slack/fail-fast';
import { startSlackStandIn, type SlackStandIn } from '../../../src/sandbox/slack';

const NO_ONE = { users: [], usergroups: [], everyone: false };

describe('the fail-fast Web API client and what decides without Slack', () => {
  let slack: SlackStandIn;
  let base: WebClient;
  beforeAll(async () => {
    slack = await startSlackStandIn();
    // The app's own client: retries on, so a 429 would be waited out.
    base = new WebClient('xoxb-test', { slackApiUrl: slack.apiUrl });
  });
  afterAll(async () => slack.close());

  test('built once per app client, without retries, with a short timeout', () => {
    const fast = failFastClient(base);
    expect(failFastClient(base)).toBe(fast);
    expect(fast.slackApiUrl).toBe(base.slackApiUrl);
    expect(FAIL_FAST_TIMEOUT_MS).toBeLessThanOrEqual(1_000);
  });

  test('a 429 with Retry-After: 30 ends a usergroup lookup at once with SlackBusyError', async () => {
    slack.rateLimitNext('usergroups.users.list', 30);
    let now = 0;
    const people = new PeopleResolver(
      () => failFastClient(base),
      () => now,
    );
    const started = Date.now();
    await expect(people.includes({ ...NO_ONE, usergroups: ['S0DATALEADS'] }, 'U0APPROVER')).rejects.toBeInstanceOf(SlackBusyError);
    expect(Date.now() - started).toBeLessThan(1_000);
    // Answered, then cached for a minute: known without Slack until then.
    expect(people.knownWithoutSlack({ ...NO_ONE, usergroups: ['S0DATALEADS'] }, 'U0APPROVER')).toBeUndefined();
    expect(await people.includes({ ...NO_ONE, usergroups: ['S0DATALEADS'] }, 'U0APPROVER')).toBe(true);
    expect(people.knownWithoutSlack({ ...NO_ONE, usergroups: ['S0DATALEADS'] }, 'U0APPROVER')).toBe(true);
    expect(people.knownWithoutSlack({ ...NO_ONE, usergroups: ['S0DATALEADS'] }, 'U0ANALYST')).toBe(false);
    now = 61_000;
    expect(people.knownWithoutSlack({ ...NO_ONE, usergroups: ['S0DATALEADS'] }, 'U0APPROVER')).toBeUndefined();
    expect(people.knownWithoutSlack({ ...NO_ONE, users: ['U0ANALYST'], usergroups: ['S0DATALEADS'] }, 'U0ANALYST')).toBe(true);
    expect(people.knownWithoutSlack({ ...NO_ONE, everyone: true }, 'U0ANYONE')).toBe(true);
    expect(people.knownWithoutSlack(NO_ONE, 'U0ANYONE')).toBe(false);
  });

  test('chatops.yml alone: mapped, refused, or a lookup left for later', () => {
    const identity = (changes: Partial<Identity> = {}): Identity => ({ map: { U0ANALYST: 'alice' }, emailLocalPart: true, ...changes });
    expect(identityFromConfig(identity(), 'U0ANALYST')).toEqual({ ok: true, dbUser: 'alice', source: 'map' });
    expect(identityFromConfig(identity(), 'U0APPROVER')).toEqual({ lookup: true });
    const refused = identityFromConfig(identity({ emailLocalPart: false }), 'U0APPROVER');
    expect(refused).toMatchObject({ ok: false, why: 'identity.map has no entry for you and emailLocalPart is off' });
  });

  test('a rate-limited users.info is "Slack is busy", not "you have no e-mail address"', async () => {
    slack.rateLimitNext('users.info', 30);
    const started = Date.now();
    await expect(databaseUserFor(base, { map: {}, emailLocalPart: true }, 'U0APPROVER')).rejects.toBeInstanceOf(SlackBusyError);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(await databaseUserFor(base, { map: {}, emailLocalPart: true }, 'U0APPROVER')).toEqual({
      ok: true,
      dbUser: 'bob',
      source: 'email',
    });
  });

  test('a Slack that never answers ends views.open after the timeout with SlackBusyError', async () => {
    // Accepts the request and never answers.
    const silent: Server = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const hung = new WebClient('xoxb-test', { slackApiUrl: `http://127.0.0.1:${(silent.address() as AddressInfo).port}/api/` });
      const started = Date.now();
      await expect(
        busyAware('views.open', () =>
          failFastClient(hung).views.open({
            trigger_id: 't',
            view: { type: 'modal', title: { type: 'plain_text', text: 'x' }, blocks: [] },
          }),
        ),
      ).rejects.toBeInstanceOf(SlackBusyError);
      expect(Date.now() - started).toBeLessThan(FAIL_FAST_TIMEOUT_MS + 500);
    } finally {
      silent.closeAllConnections();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  test('fetchWithin gives up on a response_url that never answers (respond() and jobs post there)', async () => {
    const silent: Server = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const started = Date.now();
      const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/response/r-1`;
      await expect(fetchWithin(200)(url, { method: 'POST', body: '{}' })).rejects.toMatchObject({ name: 'TimeoutError' });
      expect(Date.now() - started).toBeLessThan(1_000);
      // The caller's own signal still counts: an earlier abort wins.
      const caller = new AbortController();
      const posted = fetchWithin(5_000)(url, { method: 'POST', body: '{}', signal: caller.signal });
      caller.abort();
      await expect(posted).rejects.toMatchObject({ name: 'AbortError' });
    } finally {
      silent.closeAllConnections();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});

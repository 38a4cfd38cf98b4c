import { WebClient } from '@slack/web-api';
import { databaseUserFor, fromEmail, type Identity } from '../../../../src/features/access/identity';
import { defaultSlackSeed, startSlackStandIn, type SlackSeedUser, type SlackStandIn } from '../../../../src/sandbox/slack';

const person = (id: string, email: string): SlackSeedUser => ({
  id,
  name: id.toLowerCase(),
  realName: id,
  email,
  tz: 'UTC',
  tzLabel: 'UTC',
  tzOffset: 0,
});

describe('Slack user -> database user', () => {
  let slack: SlackStandIn;
  let client: WebClient;
  beforeAll(async () => {
    slack = await startSlackStandIn({
      users: [
        ...defaultSlackSeed.users,
        person('U0DOTTED', 'alice.smith@example.com'),
        person('U0QUOTE', `o'brien@example.com`),
        person('U0HOSTILE', `x";drop table pii.customers;--@example.com`),
        person('U0UNICODE', 'zoë@example.com'),
        person('U0LONG', `${'a'.repeat(128)}@example.com`),
        person('U0UPPER', 'Erin@Example.COM'),
        person('U0OTHER', 'frank@elsewhere.org'),
        person('U0NOMAIL', ''),
      ],
    });
    client = new WebClient('xoxb-test', { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } });
  });
  afterAll(async () => slack.close());

  const identity = (changes: Partial<Identity> = {}): Identity => ({ map: { U0ANALYST: 'alice' }, emailLocalPart: true, ...changes });

  test('the explicit map comes first and asks Slack nothing', async () => {
    const before = slack.callsTo('users.info').length;
    expect(await databaseUserFor(client, identity(), 'U0ANALYST')).toEqual({ ok: true, dbUser: 'alice', source: 'map' });
    expect(slack.callsTo('users.info')).toHaveLength(before);
  });

  test('otherwise the e-mail local part, lower-cased, when its domain is allowed', async () => {
    expect(await databaseUserFor(client, identity(), 'U0APPROVER')).toEqual({ ok: true, dbUser: 'bob', source: 'email' });
    expect(await databaseUserFor(client, identity({ emailDomains: ['example.com'] }), 'U0UPPER')).toEqual({ ok: true, dbUser: 'erin', source: 'email' });
    const refused = await databaseUserFor(client, identity({ emailDomains: ['example.com'] }), 'U0OTHER');
    expect(refused).toMatchObject({ ok: false, why: expect.stringContaining('elsewhere.org is not in identity.emailDomains') });
  });

  test.each(['U0DOTTED', 'U0QUOTE', 'U0HOSTILE', 'U0UNICODE', 'U0LONG'])('%s: a local part that is no plain database name is refused, not guessed', async (user) => {
    const result = await databaseUserFor(client, identity(), user);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.why).toContain('not a plain database user name');
      expect(result.message).toContain(`\`identity.map: { ${user}: <db user> }\``);
    }
  });

  test('no e-mail, no fallback, or no such user: the message says exactly what an admin must add', async () => {
    expect(await databaseUserFor(client, identity(), 'U0NOMAIL')).toMatchObject({ ok: false, why: expect.stringContaining('no e-mail address') });
    const off = await databaseUserFor(client, identity({ emailLocalPart: false }), 'U0APPROVER');
    expect(off).toMatchObject({ ok: false, why: expect.stringContaining('emailLocalPart is off') });
    if (!off.ok) expect(off.message).toContain('An admin must add you to chatops.yml: `identity.map: { U0APPROVER: <db user> }`');
    expect(await databaseUserFor(client, identity(), 'U0NOBODY')).toMatchObject({ ok: false, why: expect.stringContaining('user_not_found') });
  });

  test('the e-mail rule on its own', () => {
    expect(fromEmail('U1', 'dana_2$@example.com', undefined)).toEqual({ ok: true, dbUser: 'dana_2$', source: 'email' });
    expect(fromEmail('U1', '@example.com', undefined).ok).toBe(false);
    expect(fromEmail('U1', '9lives@example.com', undefined).ok).toBe(false);
    expect(fromEmail('U1', 'a"b@example.com', undefined).ok).toBe(false);
  });
});

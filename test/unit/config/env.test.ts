import { ConfigError } from '../../../src/config/errors';
import { parseEnv } from '../../../src/config/env';

const slack = { SLACK_SIGNING_SECRET: 'a1b2c3', SLACK_BOT_TOKEN: 'xoxb-1-2-abc' };

function problemsOf(env: Record<string, string | undefined>): string[] {
  try {
    parseEnv(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('parseEnv accepted the environment');
}

describe('parseEnv', () => {
  it('gives the defaults for an empty environment (the sandbox)', () => {
    expect(parseEnv({})).toEqual({ configPath: 'chatops.yml', store: { kind: 'sqlite', path: '.chatops/state.db' }, port: 3000 });
  });

  it('ignores variables it does not know and treats empty ones as unset', () => {
    expect(parseEnv({ HOME: '/root', SLACK_BOT_TOKEN: '', SLACK_SIGNING_SECRET: '  ', PORT: '' })).toEqual(parseEnv({}));
  });

  it('reads every variable', () => {
    expect(
      parseEnv({
        ...slack,
        SLACK_APP_TOKEN: 'xapp-1-A1-abc',
        SLACK_API_URL: 'http://127.0.0.1:4000/api',
        CHATOPS_CONFIG: '/etc/chatops/chatops.yml',
        CHATOPS_STORE: 'dynamodb:redshift-chatops-prod',
        PORT: '8080',
        CHATOPS_WORKER_FUNCTION: 'redshift-chatops-prod-worker',
      }),
    ).toEqual({
      slack: { signingSecret: 'a1b2c3', botToken: 'xoxb-1-2-abc', appToken: 'xapp-1-A1-abc' },
      slackApiUrl: 'http://127.0.0.1:4000/api/',
      configPath: '/etc/chatops/chatops.yml',
      store: { kind: 'dynamodb', table: 'redshift-chatops-prod' },
      port: 8080,
      workerFunction: 'redshift-chatops-prod-worker',
    });
  });

  it('leaves appToken out when SLACK_APP_TOKEN is unset', () => {
    expect(parseEnv(slack).slack).toEqual({ signingSecret: 'a1b2c3', botToken: 'xoxb-1-2-abc' });
  });

  it.each([
    ['https://slack.com/api/', 'https://slack.com/api/'],
    ['https://slack.com/api', 'https://slack.com/api/'],
    ['http://localhost:3999', 'http://localhost:3999/'],
  ])('normalises SLACK_API_URL %p to %p', (url, normal) => {
    expect(parseEnv({ SLACK_API_URL: url }).slackApiUrl).toBe(normal);
  });

  it.each([
    ['sqlite:/tmp/state.db', { kind: 'sqlite', path: '/tmp/state.db' }],
    ['sqlite::memory:', { kind: 'sqlite', path: ':memory:' }],
    ['dynamodb:chatops', { kind: 'dynamodb', table: 'chatops' }],
  ])('reads CHATOPS_STORE %p', (text, store) => {
    expect(parseEnv({ CHATOPS_STORE: text }).store).toEqual(store);
  });

  it.each(['1', '3000', '65535'])('accepts PORT %p', (port) => {
    expect(parseEnv({ PORT: port }).port).toBe(Number(port));
  });

  const STORE_FIX = 'use sqlite:PATH (such as sqlite:.chatops/state.db) or dynamodb:TABLE (such as dynamodb:redshift-chatops)';
  const PORT_FIX = 'use a whole number from 1 to 65535, such as 3000';
  it.each([
    [{ PORT: '0' }, `environment: PORT: "0" is not a port number; ${PORT_FIX}`],
    [{ PORT: '65536' }, `environment: PORT: "65536" is not a port number; ${PORT_FIX}`],
    [{ PORT: 'http' }, `environment: PORT: "http" is not a port number; ${PORT_FIX}`],
    [{ PORT: '30.5' }, `environment: PORT: "30.5" is not a port number; ${PORT_FIX}`],
    [{ CHATOPS_STORE: 'postgres:db' }, `environment: CHATOPS_STORE: "postgres:db" is not a store; ${STORE_FIX}`],
    [{ CHATOPS_STORE: 'sqlite:' }, `environment: CHATOPS_STORE: "sqlite:" is not a store; ${STORE_FIX}`],
    [{ CHATOPS_STORE: 'dynamodb:a' }, `environment: CHATOPS_STORE: "dynamodb:a" is not a store; ${STORE_FIX}`],
    [
      { SLACK_API_URL: 'slack.com/api' },
      'environment: SLACK_API_URL: "slack.com/api" is not an http(s) URL; use the base URL of the Slack Web API, such as https://slack.com/api/',
    ],
    [
      { SLACK_API_URL: 'ftp://slack.com/api' },
      'environment: SLACK_API_URL: "ftp://slack.com/api" is not an http(s) URL; use the base URL of the Slack Web API, such as https://slack.com/api/',
    ],
    [
      { ...slack, SLACK_BOT_TOKEN: 'xoxp-user-token' },
      'environment: SLACK_BOT_TOKEN: "xoxp-user-token" is not a bot token; use the Bot User OAuth Token, which starts with xoxb-',
    ],
    [
      { ...slack, SLACK_APP_TOKEN: 'xoxb-1' },
      'environment: SLACK_APP_TOKEN: "xoxb-1" is not an app-level token; use an app-level token with connections:write, which starts with xapp-, or unset it to receive HTTP requests',
    ],
    [
      { CHATOPS_WORKER_FUNCTION: 'my worker' },
      'environment: CHATOPS_WORKER_FUNCTION: "my worker" is not a Lambda function name; use the worker function name, such as redshift-chatops-prod-worker',
    ],
  ])('rejects %p', (env, line) => {
    expect(problemsOf(env)).toEqual([line]);
  });

  describe('the Slack pair', () => {
    it('names the bot token when only the signing secret is set', () => {
      expect(problemsOf({ SLACK_SIGNING_SECRET: 'a1b2c3' })).toEqual([
        'environment: SLACK_BOT_TOKEN: is missing; SLACK_SIGNING_SECRET is set, so set SLACK_BOT_TOKEN (xoxb-...) too, or unset both to run the sandbox',
      ]);
    });

    it('names the signing secret when only the bot token is set', () => {
      expect(problemsOf({ SLACK_BOT_TOKEN: 'xoxb-1-2-abc' })).toEqual([
        'environment: SLACK_SIGNING_SECRET: is missing; SLACK_BOT_TOKEN is set, so set SLACK_SIGNING_SECRET too, or unset both to run the sandbox',
      ]);
    });

    it('refuses an app token without the pair', () => {
      expect(problemsOf({ SLACK_APP_TOKEN: 'xapp-1-A1-abc' })).toEqual([
        'environment: SLACK_APP_TOKEN: is set without SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN; set them too for Socket Mode, or unset it to run the sandbox',
      ]);
    });
  });

  it('reports every bad variable at once, one line each', () => {
    const problems = problemsOf({ PORT: 'x', CHATOPS_STORE: 'redis:x', SLACK_API_URL: 'nope' });
    expect(problems.map((line) => line.split(':')[1].trim())).toEqual(['SLACK_API_URL', 'CHATOPS_STORE', 'PORT']);
  });
});

import { serviceFrom, ServiceError } from '../../../scripts/lambda-local/service';
import { tickSecondsFrom } from '../../../scripts/lambda-local';
import { dynamoTableDefinition } from '../../../src/store/dynamodb-table';

const printed = (overrides: Record<string, unknown> = {}) => ({
  service: 'redshift-chatops',
  provider: { runtime: 'nodejs22.x', environment: { CHATOPS_STORE: 'dynamodb:redshift-chatops-local' } },
  functions: {
    slack: { name: 'redshift-chatops-local-slack', events: [{ httpApi: { method: 'POST', path: '/slack/events' } }] },
    worker: { name: 'redshift-chatops-local-worker', events: [] },
    tick: { name: 'redshift-chatops-local-tick', events: [{ schedule: { rate: ['rate(1 minute)'], enabled: false } }] },
  },
  resources: {
    Resources: {
      ChatopsTable: {
        Type: 'AWS::DynamoDB::Table',
        Properties: {
          ...dynamoTableDefinition('redshift-chatops-local').createTable,
          TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true },
        },
      },
    },
  },
  ...overrides,
});

describe('serverless.yml as osls prints it, read for the local stack', () => {
  test('function names, runtime, tick schedule and the table CHATOPS_STORE names', () => {
    const service = serviceFrom(printed());
    expect(service.functionNames).toEqual({
      slack: 'redshift-chatops-local-slack',
      worker: 'redshift-chatops-local-worker',
      tick: 'redshift-chatops-local-tick',
    });
    expect(service.runtime).toBe('nodejs22.x');
    expect(service.slackPath).toBe('/slack/events');
    expect(service.tickSchedule).toBe('rate(1 minute)');
    expect(service.table.createTable.TableName).toBe('redshift-chatops-local');
    expect(service.table.ttlAttribute).toBe('ttl');
  });

  test('a slack function with no POST httpApi event is named', () => {
    const functions = { ...printed().functions, slack: { name: 'redshift-chatops-local-slack', events: [] } };
    expect(() => serviceFrom(printed({ functions }))).toThrow('the slack function has no POST httpApi event to serve Slack requests on');
  });

  test('a missing function or a store that is not DynamoDB is named', () => {
    const { tick: _tick, ...twoFunctions } = printed().functions;
    expect(() => serviceFrom(printed({ functions: twoFunctions }))).toThrow(new ServiceError('serverless.yml defines no tick function'));
    expect(() => serviceFrom(printed({ provider: { runtime: 'nodejs22.x', environment: { CHATOPS_STORE: 'sqlite:x.db' } } }))).toThrow(
      'provider.environment.CHATOPS_STORE must be dynamodb:TABLE, not "sqlite:x.db"',
    );
  });
});

describe('--tick-seconds', () => {
  test('defaults to 10 s; takes whole seconds, 0 for none', () => {
    expect(tickSecondsFrom([])).toBe(10);
    expect(tickSecondsFrom(['--tick-seconds', '2'])).toBe(2);
    expect(tickSecondsFrom(['--tick-seconds', '0'])).toBe(0);
  });

  test('anything else is refused with what it takes', () => {
    for (const bad of [[], ['-1'], ['1.5'], ['soon']]) {
      expect(() => tickSecondsFrom(['--tick-seconds', ...bad])).toThrow(
        /--tick-seconds takes a whole number of seconds \(0 for no automatic tick\), not/,
      );
    }
  });
});

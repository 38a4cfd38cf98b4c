import {
  ActiveStatementsExceededException,
  BatchExecuteStatementCommand,
  BatchExecuteStatementException,
  CancelStatementCommand,
  DescribeStatementCommand,
  ExecuteStatementCommand,
  ExecuteStatementException,
  GetStatementResultCommand,
  InternalServerException,
  ListStatementsCommand,
  paginateGetStatementResult,
  paginateListStatements,
  RedshiftDataServiceException,
  ResourceNotFoundException,
  ValidationException,
  type ExecuteStatementCommandInput,
  type Field,
  type RedshiftDataClient,
} from '@aws-sdk/client-redshift-data';
import { ManualClock } from '../../../../src/clock';
import { dataApiHarness } from '../../../support/aws-data';
import { failure } from '../../../support/aws-services';

/**
 * The Data API's wire format, driven by the real @aws-sdk/client-redshift-data client: every
 * operation's success and errors, paging with the SDK's paginators, batches, cancel and faults.
 */
const clock = new ManualClock(Date.UTC(2025, 2, 3, 9, 30, 0));
const { context, host, directory, service, serve, close } = dataApiHarness(clock, { pageSize: 4, maxActiveStatements: 3 });
const SECRET = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:bob-AbCdEf';
let client: RedshiftDataClient;

beforeAll(async () => {
  await host.create('cluster/analytics-prod');
  directory.clusters.set('analytics-prod', { key: 'cluster/analytics-prod', status: 'available' });
  directory.clusters.set('sleepy', { key: 'cluster/analytics-prod', status: 'paused' });
  directory.clusters.set('ghost', { key: 'cluster/ghost', status: 'available' });
  directory.workgroups.set('lake', { key: 'cluster/analytics-prod', status: 'AVAILABLE' });
  directory.secrets.set(SECRET, 'bob');
  client = await serve();
}, 60_000);

afterAll(() => close());

afterEach(() => context.faults.clear());

const asAdmin = { ClusterIdentifier: 'analytics-prod', Database: 'dev', DbUser: 'chatops_admin' };

async function execute(input: Omit<ExecuteStatementCommandInput, 'Sql'> & { Sql: string }): Promise<string> {
  const { Id } = await client.send(new ExecuteStatementCommand(input));
  if (!Id) throw new Error('no Id');
  return Id;
}

function failureOf(promise: Promise<unknown>): Promise<RedshiftDataServiceException> {
  return failure(promise, RedshiftDataServiceException);
}

describe('ExecuteStatement, DescribeStatement, GetStatementResult', () => {
  it('runs a statement and reports it the way the SDK parses it', async () => {
    const output = await client.send(
      new ExecuteStatementCommand({ ...asAdmin, Sql: 'SELECT id, email FROM pii.customers ORDER BY id LIMIT 2' }),
    );
    expect(output).toMatchObject({ ClusterIdentifier: 'analytics-prod', Database: 'dev', DbUser: 'chatops_admin' });
    expect(output.CreatedAt).toEqual(new Date(clock.now()));

    const described = await client.send(new DescribeStatementCommand({ Id: output.Id }));
    expect(described).toMatchObject({
      Id: output.Id,
      Status: 'FINISHED',
      HasResultSet: true,
      ResultRows: 2,
      QueryString: 'SELECT id, email FROM pii.customers ORDER BY id LIMIT 2',
      ClusterIdentifier: 'analytics-prod',
      Database: 'dev',
      DbUser: 'chatops_admin',
    });
    expect(described.Duration).toBeGreaterThan(0);
    expect(described.RedshiftPid).toBeGreaterThan(1_000_000_000);
    expect(described.CreatedAt).toEqual(new Date(clock.now()));
    expect(described.UpdatedAt).toBeInstanceOf(Date);
    expect(described.Error).toBeUndefined();

    const result = await client.send(new GetStatementResultCommand({ Id: output.Id }));
    expect(result.Records).toEqual([
      [{ longValue: 1 }, { stringValue: 'ada.lovelace1@example.com' }],
      [{ longValue: 2 }, { stringValue: 'grace.mccarthy2@example.com' }],
    ]);
    expect(result.TotalNumRows).toBe(2);
    expect(result.NextToken).toBeUndefined();
    expect(result.ColumnMetadata?.map((c) => [c.name, c.label, c.typeName, c.nullable])).toEqual([
      ['id', 'id', 'int4', 1],
      ['email', 'email', 'varchar', 1],
    ]);
  });

  it('returns each type as its typed field', async () => {
    const id = await execute({
      ...asAdmin,
      Sql: `SELECT 42::bigint AS l, 1.5::float8 AS d, true AS b, NULL::text AS n, 12.34::numeric(6,2) AS num,
                   TIMESTAMP '2025-03-03 09:30:00' AS ts, DATE '2025-03-03' AS dt, 'x'::char(3) AS c`,
    });
    const { Records, ColumnMetadata } = await client.send(new GetStatementResultCommand({ Id: id }));
    const expected: Field[] = [
      { longValue: 42 },
      { doubleValue: 1.5 },
      { booleanValue: true },
      { isNull: true },
      { stringValue: '12.34' },
      { stringValue: '2025-03-03 09:30:00' },
      { stringValue: '2025-03-03' },
      { stringValue: 'x  ' },
    ];
    expect(Records).toEqual([expected]);
    expect(ColumnMetadata?.map((c) => c.typeName)).toEqual(['int8', 'float8', 'bool', 'varchar', 'numeric', 'timestamp', 'date', 'bpchar']);
  });

  it('binds :name parameters as values, never as SQL', async () => {
    const hostile = `'; DROP TABLE pii.customers; --`;
    const id = await execute({
      ...asAdmin,
      Sql: `SELECT :email AS echoed, count(*) AS n FROM pii.customers WHERE email = :email OR country = :country`,
      Parameters: [
        { name: 'email', value: hostile },
        { name: 'country', value: 'ZZ' },
      ],
    });
    const described = await client.send(new DescribeStatementCommand({ Id: id }));
    expect(described.Status).toBe('FINISHED');
    expect(described.QueryParameters).toEqual([
      { name: 'email', value: hostile },
      { name: 'country', value: 'ZZ' },
    ]);
    const { Records } = await client.send(new GetStatementResultCommand({ Id: id }));
    expect(Records).toEqual([[{ stringValue: hostile }, { longValue: 0 }]]);
    const still = await execute({
      ...asAdmin,
      Sql: 'SELECT count(*) FROM pii.customers WHERE id > :min',
      Parameters: [{ name: 'min', value: '100' }],
    });
    expect((await client.send(new GetStatementResultCommand({ Id: still }))).Records).toEqual([[{ longValue: 50 }]]);

    const bad = await failureOf(
      client.send(new ExecuteStatementCommand({ ...asAdmin, Sql: 'SELECT :a', Parameters: [{ name: 'a-b', value: '1' }] })),
    );
    expect(bad).toBeInstanceOf(ValidationException);
  });

  it('pages results with NextToken, through the SDK paginator', async () => {
    const id = await execute({ ...asAdmin, Sql: 'SELECT g FROM generate_series(1, 10) g ORDER BY g' });
    const pages: number[][] = [];
    for await (const page of paginateGetStatementResult({ client }, { Id: id })) {
      expect(page.TotalNumRows).toBe(10);
      pages.push((page.Records ?? []).map((record) => Number(record[0].longValue)));
    }
    expect(pages).toEqual([
      [1, 2, 3, 4],
      [5, 6, 7, 8],
      [9, 10],
    ]);

    const bad = await failureOf(client.send(new GetStatementResultCommand({ Id: id, NextToken: 'bm90LWEtdG9rZW4=' })));
    expect(bad).toBeInstanceOf(ValidationException);
    expect(bad.$metadata.httpStatusCode).toBe(400);
  });

  it('reports a failed statement through DescribeStatement, not the call', async () => {
    const id = await execute({ ...asAdmin, DbUser: 'alice', Sql: 'SELECT * FROM pii.customers' });
    const described = await client.send(new DescribeStatementCommand({ Id: id }));
    expect(described).toMatchObject({ Status: 'FAILED', Error: 'ERROR: permission denied for schema pii', HasResultSet: false });
    const noResult = await failureOf(client.send(new GetStatementResultCommand({ Id: id })));
    expect(noResult).toBeInstanceOf(ValidationException);
    expect(noResult.message).toBe('Query does not have result. Please check query status with DescribeStatement.');
  });

  it('answers ResourceNotFoundException for an unknown statement', async () => {
    for (const command of [
      new DescribeStatementCommand({ Id: '00000000-0000-0000-0000-000000000000' }),
      new GetStatementResultCommand({ Id: '00000000-0000-0000-0000-000000000000' }),
      new CancelStatementCommand({ Id: '00000000-0000-0000-0000-000000000000' }),
    ] as const) {
      const error = await failureOf(client.send(command as DescribeStatementCommand));
      expect(error).toBeInstanceOf(ResourceNotFoundException);
      expect(error.message).toBe('Query does not exist.');
      expect((error as ResourceNotFoundException).ResourceId).toBe('00000000-0000-0000-0000-000000000000');
      expect(error.$metadata.httpStatusCode).toBe(404);
    }
  });
});

describe('ways in', () => {
  async function whoAmI(input: Omit<ExecuteStatementCommandInput, 'Sql'>): Promise<string | undefined> {
    const id = await execute({ ...input, Sql: 'SELECT current_user' });
    return (await client.send(new GetStatementResultCommand({ Id: id }))).Records?.[0][0].stringValue;
  }

  it('accepts DbUser on a cluster, a secret on a cluster or workgroup, and the IAM identity on a workgroup or cluster', async () => {
    expect(await whoAmI({ ClusterIdentifier: 'analytics-prod', Database: 'dev', DbUser: 'carol' })).toBe('carol');
    expect(await whoAmI({ ClusterIdentifier: 'analytics-prod', Database: 'dev', SecretArn: SECRET })).toBe('bob');
    expect(await whoAmI({ WorkgroupName: 'lake', SecretArn: SECRET })).toBe('bob');
    // The caller's IAM identity: the bot's Lambda role by default (GetCredentials / GetClusterCredentialsWithIAM).
    expect(await whoAmI({ WorkgroupName: 'lake', Database: 'dev' })).toBe('IAMR:redshift-chatops-dev-us-east-1-lambdaRole');
    expect(await whoAmI({ ClusterIdentifier: 'analytics-prod', Database: 'dev' })).toBe('IAMR:redshift-chatops-dev-us-east-1-lambdaRole');
  });

  it.each<[string, Omit<ExecuteStatementCommandInput, 'Sql'>, string]>([
    [
      'neither cluster nor workgroup',
      { Database: 'dev', DbUser: 'alice' },
      'Either ClusterIdentifier or WorkgroupName needs to be specified.',
    ],
    [
      'both',
      { ClusterIdentifier: 'analytics-prod', WorkgroupName: 'lake', Database: 'dev' },
      'ClusterIdentifier and WorkgroupName cannot both be specified.',
    ],
    [
      'DbUser on a workgroup',
      { WorkgroupName: 'lake', Database: 'dev', DbUser: 'alice' },
      'DbUser is not supported with WorkgroupName; use SecretArn or your IAM identity.',
    ],
    ['no database', { ClusterIdentifier: 'analytics-prod', DbUser: 'alice' }, 'Database needs to be specified.'],
    [
      'an unknown cluster',
      { ClusterIdentifier: 'nope', Database: 'dev', DbUser: 'alice' },
      "Redshift endpoint doesn't exist in this region. Cluster nope was not found.",
    ],
    [
      'a paused cluster',
      { ClusterIdentifier: 'sleepy', Database: 'dev', DbUser: 'alice' },
      'Cluster sleepy is not available; its status is paused.',
    ],
    ['an unknown workgroup', { WorkgroupName: 'pond', Database: 'dev' }, 'Workgroup pond was not found.'],
  ])('refuses %s with ValidationException', async (_case, input, message) => {
    const error = await failureOf(client.send(new ExecuteStatementCommand({ ...input, Sql: 'SELECT 1' })));
    expect(error).toBeInstanceOf(ValidationException);
    expect(error.message).toBe(message);
    expect(error.$metadata.httpStatusCode).toBe(400);
  });

  it('refuses an unknown secret with ResourceNotFoundException', async () => {
    const error = await failureOf(
      client.send(new ExecuteStatementCommand({ WorkgroupName: 'lake', SecretArn: `${SECRET}x`, Sql: 'SELECT 1' })),
    );
    expect(error).toBeInstanceOf(ResourceNotFoundException);
    expect(error.$metadata.httpStatusCode).toBe(404);
  });

  it('fails the statement (not the call) for a database or user the warehouse lacks', async () => {
    const id = await execute({ ...asAdmin, Database: 'prod', Sql: 'SELECT 1' });
    expect(await client.send(new DescribeStatementCommand({ Id: id }))).toMatchObject({
      Status: 'FAILED',
      Error: 'FATAL: database "prod" does not exist',
    });
  });

  it('answers ExecuteStatementException / BatchExecuteStatementException when the warehouse behind a cluster is missing', async () => {
    const ghost = { ClusterIdentifier: 'ghost', Database: 'dev', DbUser: 'alice' };
    const error = await failureOf(client.send(new ExecuteStatementCommand({ ...ghost, Sql: 'SELECT 1' })));
    expect(error).toBeInstanceOf(ExecuteStatementException);
    expect(error.$metadata.httpStatusCode).toBe(500);
    expect((error as ExecuteStatementException).StatementId).toEqual(expect.any(String));
    const batch = await failureOf(client.send(new BatchExecuteStatementCommand({ ...ghost, Sqls: ['SELECT 1'] })));
    expect(batch).toBeInstanceOf(BatchExecuteStatementException);
    expect(batch.$metadata.httpStatusCode).toBe(500);
  });

  it('refuses a request without Sql', async () => {
    const error = await failureOf(client.send(new ExecuteStatementCommand({ ...asAdmin } as ExecuteStatementCommandInput)));
    expect(error).toBeInstanceOf(ValidationException);
    expect(error.message).toBe("1 validation error detected: Value null at 'sql' failed to satisfy constraint: Member must not be null");
  });
});

describe('BatchExecuteStatement', () => {
  it('runs up to 40 statements in one transaction, with sub-statement ids', async () => {
    const { Id } = await client.send(
      new BatchExecuteStatementCommand({
        ...asAdmin,
        Sqls: [
          'CREATE TABLE adhoc.batch_demo (id int)',
          'INSERT INTO adhoc.batch_demo VALUES (1), (2), (3)',
          'SELECT id FROM adhoc.batch_demo ORDER BY id',
        ],
        StatementName: 'batch-demo',
      }),
    );
    const described = await client.send(new DescribeStatementCommand({ Id }));
    expect(described.Status).toBe('FINISHED');
    expect(described.SubStatements?.map((s) => [s.Id, s.Status, s.HasResultSet, s.ResultRows])).toEqual([
      [`${Id}:1`, 'FINISHED', false, 0],
      [`${Id}:2`, 'FINISHED', false, 3],
      [`${Id}:3`, 'FINISHED', true, 3],
    ]);
    const rows = await client.send(new GetStatementResultCommand({ Id: `${Id}:3` }));
    expect(rows.Records).toEqual([[{ longValue: 1 }], [{ longValue: 2 }], [{ longValue: 3 }]]);
    expect(await client.send(new DescribeStatementCommand({ Id: `${Id}:2` }))).toMatchObject({
      Id: `${Id}:2`,
      Status: 'FINISHED',
      ResultRows: 3,
    });
    const parentHasNoResult = await failureOf(client.send(new GetStatementResultCommand({ Id })));
    expect(parentHasNoResult).toBeInstanceOf(ValidationException);
    expect(await failureOf(client.send(new DescribeStatementCommand({ Id: `${Id}:4` })))).toBeInstanceOf(ResourceNotFoundException);
  });

  it('fails as a whole, like Redshift: VACUUM inside the transaction block', async () => {
    const { Id } = await client.send(
      new BatchExecuteStatementCommand({
        ...asAdmin,
        Sqls: ['CREATE TABLE adhoc.never (id int)', 'VACUUM analytics.sessions', 'SELECT 1'],
      }),
    );
    const described = await client.send(new DescribeStatementCommand({ Id }));
    expect(described).toMatchObject({ Status: 'FAILED', Error: 'ERROR: VACUUM cannot run inside a transaction block' });
    expect(described.SubStatements?.map((s) => s.Status)).toEqual(['FINISHED', 'FAILED', 'ABORTED']);
    expect(described.SubStatements?.[1].Error).toBe('ERROR: VACUUM cannot run inside a transaction block');
    expect(await host.tableExists('cluster/analytics-prod', 'dev', 'adhoc', 'never')).toBe(false);
  });

  it('refuses more than 40 statements', async () => {
    const error = await failureOf(
      client.send(new BatchExecuteStatementCommand({ ...asAdmin, Sqls: Array.from({ length: 41 }, () => 'SELECT 1') })),
    );
    expect(error).toBeInstanceOf(ValidationException);
  });
});

describe('status over time, cancel and faults', () => {
  it('moves a slow statement SUBMITTED -> PICKED -> STARTED -> FINISHED with the clock', async () => {
    context.faults.inject({ service: 'redshift-data', operation: 'ExecuteStatement', fault: { kind: 'slow', ms: 10_000 } });
    const id = await execute({ ...asAdmin, Sql: 'SELECT 1' });
    const status = async (): Promise<string | undefined> => (await client.send(new DescribeStatementCommand({ Id: id }))).Status;
    expect(await status()).toBe('SUBMITTED');
    expect((await client.send(new DescribeStatementCommand({ Id: id }))).Duration).toBe(-1);
    clock.advance(1_500);
    expect(await status()).toBe('PICKED');
    clock.advance(3_000);
    expect(await status()).toBe('STARTED');
    expect(await failureOf(client.send(new GetStatementResultCommand({ Id: id })))).toBeInstanceOf(ValidationException);
    clock.advance(6_000);
    const done = await client.send(new DescribeStatementCommand({ Id: id }));
    expect(done.Status).toBe('FINISHED');
    expect(done.Duration).toBeGreaterThanOrEqual(10_000 * 1_000_000);
    expect(done.UpdatedAt?.getTime()).toBe(done.CreatedAt!.getTime() + 10_000);
  });

  it('follows timings.statementMs too', async () => {
    context.timings.statementMs = 2_000;
    try {
      const id = await execute({ ...asAdmin, Sql: 'SELECT 1' });
      expect((await client.send(new DescribeStatementCommand({ Id: id }))).Status).toBe('SUBMITTED');
      clock.advance(2_000);
      expect((await client.send(new DescribeStatementCommand({ Id: id }))).Status).toBe('FINISHED');
    } finally {
      context.timings.statementMs = 0;
    }
  });

  it('cancels a statement before it finishes, and refuses to cancel a finished one', async () => {
    context.faults.inject({ service: 'redshift-data', operation: 'ExecuteStatement', fault: { kind: 'slow', ms: 60_000 } });
    const id = await execute({ ...asAdmin, Sql: 'SELECT pg_sleep(0)' });
    clock.advance(20_000);
    expect(await client.send(new CancelStatementCommand({ Id: id }))).toMatchObject({ Status: true });
    clock.advance(60_000);
    expect((await client.send(new DescribeStatementCommand({ Id: id }))).Status).toBe('ABORTED');
    const again = await failureOf(client.send(new CancelStatementCommand({ Id: id })));
    expect(again).toBeInstanceOf(ValidationException);
    expect(again.message).toBe('Could not cancel a query that is already in ABORTED state.');
  });

  it('refuses new statements beyond the active limit with ActiveStatementsExceededException', async () => {
    context.faults.inject({ service: 'redshift-data', operation: 'ExecuteStatement', fault: { kind: 'slow', ms: 60_000 }, times: 3 });
    const running = [
      await execute({ ...asAdmin, Sql: 'SELECT 1' }),
      await execute({ ...asAdmin, Sql: 'SELECT 2' }),
      await execute({ ...asAdmin, Sql: 'SELECT 3' }),
    ];
    const error = await failureOf(client.send(new ExecuteStatementCommand({ ...asAdmin, Sql: 'SELECT 4' })));
    expect(error).toBeInstanceOf(ActiveStatementsExceededException);
    expect(error.$metadata.httpStatusCode).toBe(400);
    for (const id of running) await client.send(new CancelStatementCommand({ Id: id }));
    await execute({ ...asAdmin, Sql: 'SELECT 5' });
  });

  it('writes injected faults in the wire format: named, throttling, internal', async () => {
    context.faults.inject({
      service: 'redshift-data',
      operation: 'ExecuteStatement',
      fault: { kind: 'named', code: 'ActiveStatementsExceededException', message: 'Active statements exceeded the allowed quota.' },
    });
    const named = await failureOf(client.send(new ExecuteStatementCommand({ ...asAdmin, Sql: 'SELECT 1' })));
    expect(named).toBeInstanceOf(ActiveStatementsExceededException);
    expect(named.message).toBe('Active statements exceeded the allowed quota.');

    context.faults.inject({ service: 'redshift-data', operation: 'DescribeStatement', fault: { kind: 'throttle' } });
    const throttled = await failureOf(client.send(new DescribeStatementCommand({ Id: 'x' })));
    expect(throttled.name).toBe('ThrottlingException');
    expect(throttled.$metadata.httpStatusCode).toBe(400);

    context.faults.inject({ service: 'redshift-data', operation: 'GetStatementResult', fault: { kind: 'internal' } });
    const internal = await failureOf(client.send(new GetStatementResultCommand({ Id: 'x' })));
    expect(internal).toBeInstanceOf(InternalServerException);
    expect(internal.$metadata.httpStatusCode).toBe(500);

    context.faults.inject({
      service: 'redshift-data',
      operation: 'ExecuteStatement',
      fault: { kind: 'named', code: 'ValidationException', message: 'only GRANTs fail' },
      when: (input) => String(input.Sql).startsWith('GRANT'),
    });
    await execute({ ...asAdmin, Sql: 'SELECT 1' });
    expect(
      (await failureOf(client.send(new ExecuteStatementCommand({ ...asAdmin, Sql: 'GRANT ROLE pii_users TO "carol"' })))).message,
    ).toBe('only GRANTs fail');
  });
});

describe('idempotency and listing', () => {
  it('gives the same Id for the same ClientToken within 8 hours, and runs the SQL once', async () => {
    const input = {
      ...asAdmin,
      Sql: 'INSERT INTO adhoc.campaign_scratch VALUES (900, :name, 1)',
      Parameters: [{ name: 'name', value: 'once' }],
      ClientToken: 'token-1',
    };
    const first = await execute(input);
    clock.advance(60 * 60 * 1000);
    expect(await execute(input)).toBe(first);
    expect(service.statements.filter((s) => s.sql.startsWith('INSERT INTO adhoc.campaign_scratch VALUES (900'))).toHaveLength(1);
    clock.advance(8 * 60 * 60 * 1000);
    expect(await execute(input)).not.toBe(first);
  });

  it('refuses a ClientToken reused with other SQL or parameters (an assumption: the reference is silent), running nothing', async () => {
    const input = { ...asAdmin, Sql: 'INSERT INTO adhoc.campaign_scratch VALUES (901, :name, 1)', Parameters: [{ name: 'name', value: 'a' }], ClientToken: 'token-mismatch' };
    const first = await execute(input);
    const ran = () => service.statements.filter((s) => s.sql.startsWith('INSERT INTO adhoc.campaign_scratch VALUES (90')).length;
    const before = ran();
    for (const other of [
      { ...input, Sql: 'INSERT INTO adhoc.campaign_scratch VALUES (902, :name, 1)' },
      { ...input, Parameters: [{ name: 'name', value: 'b' }] },
    ]) {
      const error = await failureOf(client.send(new ExecuteStatementCommand(other)));
      expect(error).toBeInstanceOf(ValidationException);
      expect(error.message).toContain('token-mismatch was already used with a different request');
    }
    expect(ran()).toBe(before);
    expect(await execute(input)).toBe(first);
    expect(await failureOf(client.send(new ExecuteStatementCommand({ ...input, ClientToken: 'x'.repeat(65) })))).toBeInstanceOf(ValidationException);
  });

  it('gives a batch its Id again for the same ClientToken, and refuses the token on a different batch', async () => {
    const batch = { ...asAdmin, Sqls: ['CREATE TABLE adhoc.token_batch (id int)', 'INSERT INTO adhoc.token_batch VALUES (1)'], ClientToken: 'batch-token' };
    const first = (await client.send(new BatchExecuteStatementCommand(batch))).Id;
    expect((await client.send(new BatchExecuteStatementCommand(batch))).Id).toBe(first);
    expect(service.statements.filter((s) => s.sql.startsWith('CREATE TABLE adhoc.token_batch'))).toHaveLength(1);
    const other = await failureOf(client.send(new BatchExecuteStatementCommand({ ...batch, Sqls: ['SELECT 1'] })));
    expect(other).toBeInstanceOf(ValidationException);
  });

  it('lists statements by name and status, through the SDK paginator', async () => {
    for (let i = 0; i < 5; i += 1) await execute({ ...asAdmin, Sql: `SELECT ${i}`, StatementName: 'listing-demo' });
    const ids: string[] = [];
    for await (const page of paginateListStatements({ client, pageSize: 2 }, { StatementName: 'listing-demo', Status: 'FINISHED' })) {
      expect((page.Statements ?? []).length).toBeLessThanOrEqual(2);
      for (const statement of page.Statements ?? []) {
        expect(statement).toMatchObject({ StatementName: 'listing-demo', Status: 'FINISHED', IsBatchStatement: false });
        expect(statement.CreatedAt).toBeInstanceOf(Date);
        ids.push(statement.Id ?? '');
      }
    }
    expect(ids).toHaveLength(5);
    const batches = await client.send(new ListStatementsCommand({ StatementName: 'batch-demo' }));
    expect(batches.Statements?.[0]).toMatchObject({
      IsBatchStatement: true,
      QueryStrings: expect.arrayContaining(['CREATE TABLE adhoc.batch_demo (id int)']),
    });
    expect(await failureOf(client.send(new ListStatementsCommand({ MaxResults: 101 })))).toBeInstanceOf(ValidationException);
  });

  it('refuses a status filter outside the StatusString enum with ValidationException', async () => {
    const error = await failureOf(client.send(new ListStatementsCommand({ Status: 'DONE' as 'FINISHED' })));
    expect(error).toBeInstanceOf(ValidationException);
    expect(error.message).toContain("Value 'DONE' at 'status' failed to satisfy constraint");
    expect(error.$metadata.httpStatusCode).toBe(400);
  });
});

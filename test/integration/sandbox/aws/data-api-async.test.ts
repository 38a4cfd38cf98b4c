import {
  BatchExecuteStatementCommand,
  CancelStatementCommand,
  DescribeStatementCommand,
  ExecuteStatementCommand,
  GetStatementResultCommand,
  ListStatementsCommand,
  RedshiftDataServiceException,
  ValidationException,
  type ExecuteStatementCommandInput,
  type RedshiftDataClient,
} from '@aws-sdk/client-redshift-data';
import { ManualClock, systemClock } from '../../../../src/clock';
import { dataApiHarness, type DataApiHarness } from '../../../support/aws-data';
import { failure } from '../../../support/aws-services';

/**
 * The Data API is asynchronous: ExecuteStatement answers with the Id at once, the statement is
 * SUBMITTED, PICKED and STARTED for its latency, and CancelStatement before the end means nothing
 * of it is applied. The caller's IAM identity is a database user of its own, made on first use.
 */
const asAdmin = { ClusterIdentifier: 'analytics-prod', Database: 'dev', DbUser: 'chatops_admin' };
const MINUTE = 60_000;

async function open(harness: DataApiHarness): Promise<RedshiftDataClient> {
  await harness.host.create('cluster/analytics-prod');
  harness.directory.clusters.set('analytics-prod', { key: 'cluster/analytics-prod', status: 'available' });
  harness.directory.workgroups.set('lake', { key: 'cluster/analytics-prod', status: 'AVAILABLE' });
  return harness.serve();
}

describe('statements on the emulator clock', () => {
  const clock = new ManualClock(Date.UTC(2025, 5, 2, 8, 0, 0));
  const harness = dataApiHarness(clock);
  let client: RedshiftDataClient;

  beforeAll(async () => {
    client = await open(harness);
    await execute({ ...asAdmin, Sql: 'CREATE TABLE adhoc.async_demo (id int)' });
  }, 60_000);
  afterAll(() => harness.close());
  afterEach(() => harness.context.faults.clear());

  async function execute(input: Omit<ExecuteStatementCommandInput, 'Sql'> & { Sql: string }): Promise<string> {
    const { Id } = await client.send(new ExecuteStatementCommand(input));
    if (!Id) throw new Error('no Id');
    return Id;
  }

  /** The next ExecuteStatement/BatchExecuteStatement takes `ms` on the emulator's clock. */
  function slow(ms: number, operation = 'ExecuteStatement'): void {
    harness.context.faults.inject({ service: 'redshift-data', operation, fault: { kind: 'slow', ms } });
  }

  const status = async (id: string): Promise<string | undefined> => (await client.send(new DescribeStatementCommand({ Id: id }))).Status;
  const ids = async (value: number): Promise<number> => {
    const id = await execute({ ...asAdmin, Sql: `SELECT count(*) FROM adhoc.async_demo WHERE id = ${value}` });
    return Number((await client.send(new GetStatementResultCommand({ Id: id }))).Records?.[0][0].longValue);
  };
  const ranSql = (text: string): boolean => harness.service.statements.some((s) => s.sql === text && s.status !== 'ABORTED');

  it('answers at once; the SQL is applied when its time is up, and ListStatements shows it meanwhile', async () => {
    slow(10 * MINUTE);
    const id = await execute({ ...asAdmin, Sql: 'INSERT INTO adhoc.async_demo VALUES (1)', StatementName: 'async-insert' });
    expect(await status(id)).toBe('SUBMITTED');
    clock.advance(1.5 * MINUTE);
    expect(await status(id)).toBe('PICKED');
    clock.advance(3 * MINUTE);
    expect(await status(id)).toBe('STARTED');
    const listed = await client.send(new ListStatementsCommand({ StatementName: 'async-insert', Status: 'STARTED' }));
    expect(listed.Statements?.map((s) => s.Id)).toEqual([id]);
    expect((await client.send(new DescribeStatementCommand({ Id: id }))).Duration).toBe(-1);
    expect(await ids(1)).toBe(0);

    clock.advance(6 * MINUTE);
    expect(await status(id)).toBe('FINISHED');
    expect(await ids(1)).toBe(1);
    const done = await client.send(new DescribeStatementCommand({ Id: id }));
    expect(done.ResultRows).toBe(1);
    expect(done.Duration).toBeGreaterThanOrEqual(10 * MINUTE * 1_000_000);
  });

  it('never runs a statement cancelled while SUBMITTED or PICKED', async () => {
    slow(10 * MINUTE);
    const id = await execute({ ...asAdmin, Sql: 'INSERT INTO adhoc.async_demo VALUES (2)' });
    clock.advance(1.5 * MINUTE);
    expect(await status(id)).toBe('PICKED');
    expect(await client.send(new CancelStatementCommand({ Id: id }))).toMatchObject({ Status: true });
    clock.advance(20 * MINUTE);
    expect(await status(id)).toBe('ABORTED');
    expect(await ids(2)).toBe(0);
    expect(ranSql('INSERT INTO adhoc.async_demo VALUES (2)')).toBe(false);
  });

  it('applies nothing of a statement cancelled while STARTED, and refuses a second cancel', async () => {
    slow(10 * MINUTE);
    const id = await execute({ ...asAdmin, Sql: 'INSERT INTO adhoc.async_demo VALUES (3)' });
    clock.advance(9 * MINUTE);
    expect(await status(id)).toBe('STARTED');
    expect(await client.send(new CancelStatementCommand({ Id: id }))).toMatchObject({ Status: true });
    clock.advance(5 * MINUTE);
    const aborted = await client.send(new DescribeStatementCommand({ Id: id }));
    expect(aborted).toMatchObject({ Status: 'ABORTED', Duration: -1, HasResultSet: false });
    expect(await ids(3)).toBe(0);

    const again = await failure(client.send(new CancelStatementCommand({ Id: id })), RedshiftDataServiceException);
    expect(again).toBeInstanceOf(ValidationException);
    expect(again.message).toBe('Could not cancel a query that is already in ABORTED state.');
  });

  it('applies nothing of a batch cancelled while STARTED: every sub-statement is ABORTED', async () => {
    slow(2 * MINUTE, 'BatchExecuteStatement');
    const { Id } = await client.send(
      new BatchExecuteStatementCommand({
        ...asAdmin,
        Sqls: ['INSERT INTO adhoc.async_demo VALUES (4)', 'INSERT INTO adhoc.async_demo VALUES (5)'],
      }),
    );
    clock.advance(MINUTE);
    await client.send(new CancelStatementCommand({ Id }));
    clock.advance(5 * MINUTE);
    const described = await client.send(new DescribeStatementCommand({ Id }));
    expect(described.Status).toBe('ABORTED');
    expect(described.SubStatements?.map((s) => s.Status)).toEqual(['ABORTED', 'ABORTED']);
    expect((await ids(4)) + (await ids(5))).toBe(0);
  });

  it('refuses to cancel a finished statement: to be cancelled a query must be running', async () => {
    const id = await execute({ ...asAdmin, Sql: 'SELECT 1' });
    const error = await failure(client.send(new CancelStatementCommand({ Id: id })), RedshiftDataServiceException);
    expect(error).toBeInstanceOf(ValidationException);
    expect(error.message).toBe('Could not cancel a query that is already in FINISHED state.');
  });

  it('a statement whose time is up when cancelled has already run: the cancel is refused', async () => {
    slow(MINUTE);
    const id = await execute({ ...asAdmin, Sql: 'INSERT INTO adhoc.async_demo VALUES (6)' });
    clock.advance(2 * MINUTE);
    const error = await failure(client.send(new CancelStatementCommand({ Id: id })), RedshiftDataServiceException);
    expect(error.message).toBe('Could not cancel a query that is already in FINISHED state.');
    expect(await ids(6)).toBe(1);
  });

  it("runs a workgroup's statement without a secret as the caller's IAM identity, made on first use with PUBLIC's privileges only", async () => {
    const who = await execute({ WorkgroupName: 'lake', Database: 'dev', Sql: 'SELECT current_user' });
    expect((await client.send(new GetStatementResultCommand({ Id: who }))).Records?.[0][0].stringValue).toBe(
      'IAMR:redshift-chatops-dev-us-east-1-lambdaRole',
    );
    const pii = await execute({ WorkgroupName: 'lake', Database: 'dev', Sql: 'SELECT count(*) FROM pii.customers' });
    const refused = await client.send(new DescribeStatementCommand({ Id: pii }));
    expect(refused.Status).toBe('FAILED');
    expect(refused.Error).toMatch(/permission denied/);
    // A superuser may grant it more, as on Redshift; the user is kept.
    await execute({ ...asAdmin, Sql: 'GRANT USAGE ON SCHEMA pii TO "IAMR:redshift-chatops-dev-us-east-1-lambdaRole"' });
    await execute({ ...asAdmin, Sql: 'GRANT SELECT ON pii.customers TO "IAMR:redshift-chatops-dev-us-east-1-lambdaRole"' });
    const granted = await execute({ WorkgroupName: 'lake', Database: 'dev', Sql: 'SELECT count(*) FROM pii.customers' });
    expect(await status(granted)).toBe('FINISHED');
  });
});

describe('statements on a real clock (the sandbox)', () => {
  const harness = dataApiHarness(systemClock);
  let client: RedshiftDataClient;

  beforeAll(async () => {
    client = await open(harness);
    harness.context.timings.statementMs = 150;
  }, 60_000);
  afterAll(async () => {
    await harness.service.close();
    await harness.close();
  });

  it('finishes a statement on its own when its latency has passed, without anyone asking', async () => {
    const { Id } = await client.send(new ExecuteStatementCommand({ ...asAdmin, Sql: 'CREATE TABLE adhoc.real_clock (id int)' }));
    expect(await harness.host.tableExists('cluster/analytics-prod', 'dev', 'adhoc', 'real_clock')).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 600));
    // Looked at through the database, not the Data API: the timer ran it.
    expect(await harness.host.tableExists('cluster/analytics-prod', 'dev', 'adhoc', 'real_clock')).toBe(true);
    expect((await client.send(new DescribeStatementCommand({ Id }))).Status).toBe('FINISHED');
  });
});

import { ManualClock } from '../../../src/clock';
import type { ProvisionedTarget, ServerlessTarget } from '../../../src/config/targets';
import {
  DataApiExecutor,
  StatementAbortedError,
  StatementFailedError,
  StatementTimeoutError,
  type SubmittedStatement,
} from '../../../src/redshift/data-api';
import { pollSchedule } from '../../../src/redshift/data/poll';
import { AwsOperationError } from '../../../src/redshift/errors';
import { quoteIdentifier, statement } from '../../../src/redshift/sql';
import { SEED_SECRET_ARNS } from '../../../src/sandbox/aws/data/secrets';
import { startTestEmulator, type TestEmulator } from './emulator';

const prod: ProvisionedTarget = { kind: 'provisioned', cluster: 'analytics-prod', database: 'dev', dbUser: 'chatops_admin' };
const lake: ServerlessTarget = { kind: 'serverless', workgroup: 'lake', namespace: 'lake', database: 'dev' };
const lakeAsAdmin: ServerlessTarget = { ...lake, secretArn: SEED_SECRET_ARNS.lake };

describe('DataApiExecutor against the emulator', () => {
  let emulator: TestEmulator;
  let clock: ManualClock;
  /** Every wait the executor asked for; the sleep moves the shared clock instead of waiting. */
  let sleeps: number[];
  let sql: DataApiExecutor;

  beforeAll(async () => {
    clock = new ManualClock(Date.UTC(2026, 10, 25, 9, 0, 0));
    emulator = await startTestEmulator({ clock, timings: { statementMs: 0 }, dataApi: { pageSize: 1000 } });
  });
  afterAll(() => emulator.close());
  beforeEach(() => {
    sleeps = [];
    emulator.context.faults.clear();
    emulator.context.timings.statementMs = 0;
    sql = new DataApiExecutor({
      clients: emulator.clients,
      clock,
      sleep: async (ms) => {
        sleeps.push(ms);
        clock.advance(ms);
      },
    });
  });

  it('returns typed rows keyed by column name, with the statement id', async () => {
    const submitted: SubmittedStatement[] = [];
    const result = await sql.execute(
      prod,
      statement(
        'SELECT current_user AS who, CAST(42 AS BIGINT) AS n, CAST(1.5 AS FLOAT8) AS x, true AS ok, CAST(NULL AS VARCHAR) AS nothing',
      ),
      { onSubmit: (s) => void submitted.push(s) },
    );
    expect(result.status).toBe('FINISHED');
    expect(result.rows).toEqual([{ who: 'chatops_admin', n: 42, x: 1.5, ok: true, nothing: null }]);
    expect(result.columns.map((c) => c.name)).toEqual(['who', 'n', 'x', 'ok', 'nothing']);
    expect(result.totalRows).toBe(1);
    expect(result.hasResultSet).toBe(true);
    expect(result.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(submitted).toEqual([{ id: result.id, createdAt: expect.any(Date) }]);
  });

  it('sends values as parameters, so hostile text stays a value', async () => {
    const hostile = "x'; DROP TABLE pii.customers; --";
    const result = await sql.execute(prod, statement('SELECT :value AS v', { value: hostile }));
    expect(result.rows).toEqual([{ v: hostile }]);
    const count = await sql.execute(prod, statement('SELECT count(*) AS n FROM pii.customers'));
    expect(Number(count.rows[0].n)).toBeGreaterThan(0);
  });

  it('pages through a large result', async () => {
    emulator.calls.length = 0;
    const result = await sql.execute(prod, statement('SELECT n FROM generate_series(1, 2500) AS n ORDER BY n'));
    // The emulator pages 1000 rows at a time, so three GetStatementResult calls with NextToken.
    expect(emulator.calls.filter((call) => call === 'GetStatementResult')).toHaveLength(3);
    expect(result.rows).toHaveLength(2500);
    expect(result.totalRows).toBe(2500);
    expect(result.rows[0]).toEqual({ n: 1 });
    expect(result.rows[2499]).toEqual({ n: 2500 });
  });

  it('runs as another database user: pii is refused until the role is granted, and again after revoke', async () => {
    const asAlice = { dbUser: 'alice' };
    const query = statement(`SELECT count(*) AS n FROM ${quoteIdentifier('pii', 'schema')}.${quoteIdentifier('customers', 'table')}`);
    const refused = await sql.execute(prod, query, asAlice).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(StatementFailedError);
    const failure = refused as StatementFailedError;
    expect(failure.sqlError).toMatch(/permission denied/i);
    expect(failure.statementId).toMatch(/^[0-9a-f-]{36}$/);
    expect(failure.userMessage()).toContain(`Data API statement ${failure.statementId}`);

    const role = quoteIdentifier('pii_users', 'role');
    const user = quoteIdentifier('alice', 'user');
    await sql.execute(prod, statement(`GRANT ROLE ${role} TO ${user}`));
    const granted = await sql.execute(prod, query, asAlice);
    expect(Number(granted.rows[0].n)).toBeGreaterThan(0);

    await sql.execute(prod, statement(`REVOKE ROLE ${role} FROM ${user}`));
    await expect(sql.execute(prod, query, asAlice)).rejects.toBeInstanceOf(StatementFailedError);
  });

  it('reports rows changed by statements without a result set', async () => {
    await sql.execute(prod, statement('CREATE TABLE adhoc.itest_changes (id INT)'));
    const inserted = await sql.execute(prod, statement('INSERT INTO adhoc.itest_changes VALUES (1), (2), (3)'));
    expect(inserted.hasResultSet).toBe(false);
    expect(inserted.rows).toEqual([]);
    expect(inserted.affectedRows).toBe(3);
  });

  it('runs a batch in one transaction, with a result per statement', async () => {
    const batch = await sql.executeBatch(prod, [
      statement('CREATE TABLE adhoc.itest_batch (id INT, label VARCHAR(20))'),
      statement('INSERT INTO adhoc.itest_batch VALUES (1, :label)', { label: 'first' }),
      statement('SELECT id, label FROM adhoc.itest_batch'),
    ]);
    expect(batch.status).toBe('FINISHED');
    expect(batch.statements.map((s) => s.id)).toEqual([`${batch.id}:1`, `${batch.id}:2`, `${batch.id}:3`]);
    expect(batch.statements[2].rows).toEqual([{ id: 1, label: 'first' }]);
  });

  it('rolls the whole batch back when one statement fails, naming it', async () => {
    await sql.execute(prod, statement('CREATE TABLE adhoc.itest_rollback (id INT)'));
    const error = await sql
      .executeBatch(prod, [statement('INSERT INTO adhoc.itest_rollback VALUES (1)'), statement('SELECT * FROM adhoc.no_such_table')])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StatementFailedError);
    const failure = error as StatementFailedError;
    expect(failure.batchId).toBeDefined();
    expect(failure.statementId).toBe(`${failure.batchId}:2`);
    expect(failure.sqlError).toMatch(/no_such_table/);
    const count = await sql.execute(prod, statement('SELECT count(*) AS n FROM adhoc.itest_rollback'));
    expect(Number(count.rows[0].n)).toBe(0);
  });

  it("reaches a Serverless workgroup as the caller's IAM identity, or as the secret's user", async () => {
    // WorkgroupName alone: the Lambda role's own database user, which has only PUBLIC's privileges.
    const iam = await sql.execute(lake, statement('SELECT current_user AS who'));
    expect(iam.rows[0].who).toBe('IAMR:redshift-chatops-dev-us-east-1-lambdaRole');
    await expect(sql.execute(lake, statement('SELECT count(*) AS n FROM pii.customers'))).rejects.toThrow(/permission denied/);

    const admin = await sql.execute(lakeAsAdmin, statement('SELECT current_user AS who, count(*) AS n FROM pii.customers'));
    expect(admin.rows[0].who).toBe('chatops_admin');
    expect(Number(admin.rows[0].n)).toBeGreaterThan(0);
  });

  it('polls with backoff (50 ms, doubling, at most 2 s) until the statement finishes', async () => {
    emulator.context.timings.statementMs = 5_000;
    const result = await sql.execute(prod, statement('SELECT 1 AS one'));
    expect(result.rows).toEqual([{ one: 1 }]);
    expect(sleeps).toEqual(pollSchedule(sleeps.length));
    expect(sleeps.slice(0, 7)).toEqual([50, 100, 200, 400, 800, 1600, 2000]);
    expect(sleeps.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(5_000);
  });

  it('polls a slow statement with backoff, cancels it at the timeout, and nothing of it is applied', async () => {
    await sql.execute(prod, statement('CREATE TABLE adhoc.itest_timeout (id int)'));
    emulator.context.faults.inject({ service: 'redshift-data', operation: 'ExecuteStatement', fault: { kind: 'slow', ms: 60_000 } });
    const from = emulator.calls.length;
    const error = await sql
      .execute(prod, statement('INSERT INTO adhoc.itest_timeout VALUES (1)'), { timeoutMs: 3_000 })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(StatementTimeoutError);
    const timeout = error as StatementTimeoutError;
    expect(timeout.cancel).toEqual({ cancelled: true });
    expect(timeout.message).toContain('so it was cancelled and nothing of it was applied');
    expect(timeout.waitedMs).toBe(3_000);
    // 50, 100, 200, 400, 800 ms, then what is left of the 3 s; one DescribeStatement before each wait and one after the last.
    expect(sleeps).toEqual([50, 100, 200, 400, 800, 1_450]);
    expect(emulator.calls.slice(from)).toEqual(['ExecuteStatement', ...Array<string>(7).fill('DescribeStatement'), 'CancelStatement']);

    await expect(sql.describe(timeout.statementId)).resolves.toMatchObject({ status: 'ABORTED' });
    await expect(sql.waitFor(timeout.statementId)).rejects.toBeInstanceOf(StatementAbortedError);
    clock.advance(120_000);
    const count = await sql.execute(prod, statement('SELECT count(*) AS n FROM adhoc.itest_timeout'));
    expect(Number(count.rows[0].n)).toBe(0);
  });

  it('says so when the cancel at the timeout fails, with the fault', async () => {
    emulator.context.faults.inject({ service: 'redshift-data', operation: 'ExecuteStatement', fault: { kind: 'slow', ms: 60_000 } });
    emulator.context.faults.inject({ service: 'redshift-data', operation: 'CancelStatement', fault: { kind: 'internal' } });
    const error = (await sql
      .execute(prod, statement('SELECT 2 AS two'), { timeoutMs: 1_000 })
      .catch((e: unknown) => e)) as StatementTimeoutError;
    expect(error).toBeInstanceOf(StatementTimeoutError);
    expect(error.cancel).toEqual({ cancelled: false, fault: 'InternalServerException: An internal error occurred' });
    expect(error.message).toContain(
      'cancelling it failed (InternalServerException: An internal error occurred), so it may still be running',
    );
    await expect(sql.describe(error.statementId)).resolves.toMatchObject({ status: 'SUBMITTED' });
    await expect(sql.cancel(error.statementId)).resolves.toBe(true);
  });

  it('submits now and waits later, as a job would', async () => {
    const submitted = await sql.submit(prod, statement('SELECT 3 AS three'), { statementName: 'chatops-test' });
    const progress = await sql.describe(submitted);
    expect(progress.id).toBe(submitted.id);
    const result = await sql.waitFor(submitted);
    expect(result).toMatchObject({ id: submitted.id, rows: [{ three: 3 }] });
  });

  it('maps a refused call to an AwsOperationError', async () => {
    emulator.context.faults.inject({ service: 'redshift-data', operation: 'ExecuteStatement', fault: { kind: 'throttle' } });
    const error = (await sql.execute(prod, statement('SELECT 1')).catch((e: unknown) => e)) as AwsOperationError;
    expect(error).toBeInstanceOf(AwsOperationError);
    expect(error.operation).toBe('ExecuteStatement');
    expect(error.retryable).toBe(true);
    expect(error.context.resource).toBe('cluster analytics-prod');
  });
});

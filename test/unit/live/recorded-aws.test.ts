import { recorded, type RecordedCall } from '../../../src/live/recorded-aws';
import { failedCallsFix, firstLine } from '../../../src/live/step';
import { statement } from '../../../src/redshift/sql';

describe('recording the bot’s AWS calls', () => {
  const refused = new Error('permission denied for relation sys_query_history');
  const warehouse = { target: 'prod', status: async () => 'available', backups: { deleteSnapshot: async (name: string) => name } };
  const ports = {
    warehouses: { get: (_target: string) => warehouse },
    sql: {
      execute: async (_target: string, _statement: { sql: string }): Promise<never> => {
        throw refused;
      },
    },
  };

  test('every call is recorded when it settles, a failure with its error and, for SQL, the statement', async () => {
    const calls: RecordedCall[] = [];
    const warehouses = recorded(ports.warehouses, 'warehouses', (call) => calls.push(call));
    const sql = recorded(ports.sql, 'sql', (call) => calls.push(call));
    expect(await warehouses.get('prod').status()).toBe('available');
    expect(await warehouses.get('prod').backups.deleteSnapshot('x')).toBe('x');
    await expect(sql.execute('prod', statement('SELECT   query_id\n FROM sys_query_history'))).rejects.toBe(refused);
    expect(calls.map(({ call, what, error }) => ({ call, what, error }))).toEqual([
      { call: 'warehouses.get.status', what: undefined, error: undefined },
      { call: 'warehouses.get.backups.deleteSnapshot', what: undefined, error: undefined },
      { call: 'sql.execute', what: 'SELECT query_id FROM sys_query_history', error: 'permission denied for relation sys_query_history' },
    ]);
    expect(warehouses.get('prod').target).toBe('prod');
  });

  test('the fix names the first three failed calls and counts the rest', () => {
    const failed = Array.from({ length: 5 }, (_, i) => ({ call: 'sql.execute', what: `SELECT ${i}`, error: 'denied', at: 0 }));
    expect(failedCallsFix(failed)).toBe(
      "the bot's own calls failed: sql.execute (SELECT 0): denied; sql.execute (SELECT 1): denied; sql.execute (SELECT 2): denied; and 2 more. npm run doctor names the IAM action or GRANT each needs",
    );
  });

  test('a report line shows the first non-empty line, flattened and cut short', () => {
    expect(firstLine('\n  *Cost* — prod:\t$1\nmore')).toBe('*Cost* — prod: $1');
    expect(firstLine('x'.repeat(200))).toHaveLength(140);
  });
});

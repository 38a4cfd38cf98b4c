import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as Server from '../../../../src/sandbox/aws/server';
import { PgWorker } from '../../../../src/sandbox/aws/data/pg-worker';

const VARIABLE = 'CHATOPS_EMULATOR_TEMPLATES';

/** Starts the emulator from a fresh copy of its modules, as the next test file would, and hands it to `use`. */
async function inFreshModules(use: (aws: Server.AwsEmulator) => Promise<void>): Promise<void> {
  await jest.isolateModulesAsync(async () => {
    const { startAwsEmulator } = jest.requireActual<typeof Server>('../../../../src/sandbox/aws/server');
    const aws = await startAwsEmulator();
    try {
      await aws.ready;
      await use(aws);
    } finally {
      await aws.close();
    }
  });
}

/**
 * The test run keeps the emulator's system templates in one directory (CHATOPS_EMULATOR_TEMPLATES), so
 * only its first emulator builds them: a later one, with its modules loaded afresh, loads what is there.
 */
describe('system templates kept for the test run', () => {
  const before = process.env[VARIABLE];
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'chatops-templates-test-'));
    process.env[VARIABLE] = dir;
  });
  afterAll(() => {
    if (before === undefined) delete process.env[VARIABLE];
    else process.env[VARIABLE] = before;
    rmSync(dir, { recursive: true, force: true });
  });

  test('the first emulator writes one template per kind of warehouse; a later one starts from them', async () => {
    await inFreshModules(async () => undefined);
    const file = join(dir, 'cluster.tar');
    expect(existsSync(file)).toBe(true);
    expect(existsSync(join(dir, 'namespace.tar'))).toBe(true);

    // Mark the kept cluster template: only a warehouse made from this file has the table.
    const db = await PgWorker.start(new Uint8Array(readFileSync(file)).buffer);
    try {
      await db.exec('CREATE TABLE public.from_kept_template (id INT)');
      writeFileSync(file, new Uint8Array(await db.dump()));
    } finally {
      await db.close();
    }

    await inFreshModules(async (aws) => {
      expect(await aws.databases.tableExists('cluster/analytics-prod', 'dev', 'public', 'from_kept_template')).toBe(true);
      expect(await aws.databases.tableExists('namespace/lake', 'dev', 'public', 'from_kept_template')).toBe(false);
    });
  }, 60_000);
});

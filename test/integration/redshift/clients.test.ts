import { ManualClock } from '../../../src/clock';
import { AwsRedshiftClients } from '../../../src/redshift/clients';
import { Warehouses } from '../../../src/redshift/warehouses';
import { startTestEmulator, type TestEmulator } from './emulator';

/** Production passes no endpoint: the SDK must find the emulator through AWS_ENDPOINT_URL_* by itself. */
describe('AwsRedshiftClients with the SDK endpoint variables', () => {
  let emulator: TestEmulator;
  const saved = { ...process.env };

  beforeAll(async () => {
    emulator = await startTestEmulator({ clock: new ManualClock() });
  });
  afterAll(() => emulator.close());
  afterEach(() => {
    for (const key of ['AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_REDSHIFT', 'AWS_ENDPOINT_URL_REDSHIFT_SERVERLESS']) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
  });

  const targets = {
    prod: { kind: 'provisioned', cluster: 'analytics-prod', database: 'dev', dbUser: 'chatops_admin' },
    lake: { kind: 'serverless', workgroup: 'lake', namespace: 'lake', database: 'dev' },
  } as const;

  it('reaches both services through AWS_ENDPOINT_URL_REDSHIFT and AWS_ENDPOINT_URL_REDSHIFT_SERVERLESS', async () => {
    process.env.AWS_ENDPOINT_URL_REDSHIFT = emulator.endpoint;
    process.env.AWS_ENDPOINT_URL_REDSHIFT_SERVERLESS = emulator.endpoint;
    const clients = new AwsRedshiftClients({
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'x' },
      maxAttempts: 1,
    });
    try {
      const warehouses = new Warehouses(targets, clients);
      await expect(warehouses.get('prod').status()).resolves.toMatchObject({ identifier: 'analytics-prod', available: true });
      await expect(warehouses.get('lake').status()).resolves.toMatchObject({ identifier: 'lake/lake', available: true });
    } finally {
      clients.destroy();
    }
  });

  it('reaches them through the general AWS_ENDPOINT_URL', async () => {
    process.env.AWS_ENDPOINT_URL = emulator.endpoint;
    const clients = new AwsRedshiftClients({
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'x' },
      maxAttempts: 1,
    });
    try {
      const warehouses = new Warehouses(targets, clients);
      await expect(warehouses.get('lake').listSnapshots({ limit: 3 })).resolves.toMatchObject({ snapshots: expect.any(Array) });
      expect(emulator.calls).toContain('ListSnapshots');
    } finally {
      clients.destroy();
    }
  });
});

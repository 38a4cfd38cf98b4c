import { RedshiftClient } from '@aws-sdk/client-redshift';
import { AwsRedshiftClients } from '../../../src/redshift/clients';

describe('AwsRedshiftClients', () => {
  const clients = new AwsRedshiftClients({ region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  afterAll(() => clients.destroy());

  it('makes one client per service and region, on first use', async () => {
    const east = clients.redshift();
    expect(clients.redshift()).toBe(east);
    expect(clients.redshift('us-east-1')).toBe(east);
    const west = clients.redshift('eu-west-1');
    expect(west).not.toBe(east);
    expect(await east.config.region()).toBe('us-east-1');
    expect(await west.config.region()).toBe('eu-west-1');
    expect(await clients.serverless('eu-west-1').config.region()).toBe('eu-west-1');
    expect(await clients.data().config.region()).toBe('us-east-1');
  });

  it('keeps the SDK retries on in standard mode', async () => {
    const config = clients.data('ap-south-1').config;
    expect(await config.maxAttempts()).toBe(3);
    const strategy = await config.retryStrategy();
    expect('mode' in strategy ? strategy.mode : undefined).toBe('standard');
  });

  it('uses injected clients for every region', () => {
    const injected = new RedshiftClient({ region: 'us-west-2' });
    const withInjected = new AwsRedshiftClients({}, { redshift: injected });
    expect(withInjected.redshift()).toBe(injected);
    expect(withInjected.redshift('eu-central-1')).toBe(injected);
    injected.destroy();
  });
});

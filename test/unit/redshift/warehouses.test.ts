import { AwsRedshiftClients } from '../../../src/redshift/clients';
import { ProvisionedWarehouse } from '../../../src/redshift/provisioned';
import { ServerlessWarehouse } from '../../../src/redshift/serverless';
import { UnknownTargetError, Warehouses, warehouseFor } from '../../../src/redshift/warehouses';

const targets = {
  prod: { kind: 'provisioned', cluster: 'analytics-prod', database: 'dev', dbUser: 'chatops_admin' },
  lake: { kind: 'serverless', workgroup: 'lake', namespace: 'lake', database: 'dev', region: 'eu-west-1' },
} as const;

describe('Warehouses', () => {
  const clients = new AwsRedshiftClients({ region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  afterAll(() => clients.destroy());

  it('picks the adapter by target kind', () => {
    expect(warehouseFor('prod', targets.prod, clients)).toBeInstanceOf(ProvisionedWarehouse);
    const lake = warehouseFor('lake', targets.lake, clients);
    expect(lake).toBeInstanceOf(ServerlessWarehouse);
    expect(lake.kind).toBe('serverless');
    expect(lake.target).toBe('lake');
  });

  it('makes each warehouse once, when first asked for', () => {
    const warehouses = new Warehouses(targets, clients);
    expect(warehouses.names()).toEqual(['prod', 'lake']);
    const prod = warehouses.get('prod');
    expect(warehouses.get('prod')).toBe(prod);
    expect(prod.kind).toBe('provisioned');
  });

  it('refuses an unknown target with the names it knows', () => {
    const warehouses = new Warehouses(targets, clients);
    expect(() => warehouses.get('staging')).toThrow(UnknownTargetError);
    expect(() => warehouses.get('staging')).toThrow('"staging" is not a target in chatops.yml; use one of prod, lake');
    expect(() => warehouses.get('toString')).toThrow(UnknownTargetError);
  });
});

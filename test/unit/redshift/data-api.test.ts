import { DataApiUsageError, wayIn } from '../../../src/redshift/data-api';

const cluster = { kind: 'provisioned', cluster: 'analytics-prod', database: 'dev', dbUser: 'chatops_admin' } as const;
const secretArn = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:redshift-AbCdEf';

describe('wayIn', () => {
  it('uses temporary credentials for the configured dbUser, or another user when asked', () => {
    expect(wayIn(cluster)).toEqual({ ClusterIdentifier: 'analytics-prod', Database: 'dev', DbUser: 'chatops_admin' });
    expect(wayIn(cluster, 'alice')).toEqual({ ClusterIdentifier: 'analytics-prod', Database: 'dev', DbUser: 'alice' });
  });

  it('uses the secret for a provisioned target configured with one, and refuses another user there', () => {
    const target = { kind: 'provisioned', cluster: 'analytics-prod', database: 'dev', secretArn } as const;
    expect(wayIn(target)).toEqual({ ClusterIdentifier: 'analytics-prod', Database: 'dev', SecretArn: secretArn });
    expect(() => wayIn(target, 'alice')).toThrow(DataApiUsageError);
  });

  it('uses the workgroup (and secret when set) for Serverless, and refuses another user', () => {
    const lake = { kind: 'serverless', workgroup: 'lake', namespace: 'lake', database: 'dev' } as const;
    expect(wayIn(lake)).toEqual({ WorkgroupName: 'lake', Database: 'dev' });
    expect(wayIn({ ...lake, secretArn })).toEqual({ WorkgroupName: 'lake', Database: 'dev', SecretArn: secretArn });
    expect(() => wayIn(lake, 'alice')).toThrow(
      'Workgroup lake is Redshift Serverless: the Data API cannot run a statement there as database user alice',
    );
  });
});

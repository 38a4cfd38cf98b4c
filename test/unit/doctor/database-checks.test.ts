import { parseChatopsConfig } from '../../../src/config/chatops';
import { databaseChecks } from '../../../src/doctor/database-checks';
import { AwsOperationError } from '../../../src/redshift/errors';
import type { SqlRunner } from '../../../src/redshift/sql-runner';

/** How a Data API refusal becomes a check: the AWS error is the input, so it is built here. */
const config = parseChatopsConfig(`
targets:
  prod: { kind: provisioned, cluster: analytics-prod, database: dev, dbUser: chatops_bot }
  lake: { kind: serverless, workgroup: lake, namespace: lake, database: dev }
channels: { approvals: C0APPROVALS, alerts: C0ALERTS, audit: C0AUDIT }
`);

function refusing(error: Error): Pick<SqlRunner, 'execute'> {
  return {
    execute: async () => {
      throw error;
    },
  };
}

describe('databaseChecks when the Data API refuses', () => {
  it("is missing, with the IAM actions for the target's way in, when AWS denies access", async () => {
    const denied = new AwsOperationError({
      fault: 'AccessDeniedException',
      operation: 'ExecuteStatement',
      status: 400,
      retryable: false,
      awsMessage: 'not authorized',
    });
    const results = await databaseChecks(refusing(denied), config);
    expect(results.map((r) => [r.target, r.status])).toEqual([
      ['prod', 'missing'],
      ['lake', 'missing'],
    ]);
    expect(results[0].fix).toContain('redshift:GetClusterCredentials');
    expect(results[1].fix).toContain('redshift-serverless:GetCredentials');
    expect(results[0].detail).toContain('ExecuteStatement failed: AccessDeniedException: not authorized');
  });

  it('is not verified, with the error, for anything else', async () => {
    const results = await databaseChecks(refusing(new Error('socket hang up')), config);
    expect(results[0]).toMatchObject({
      area: 'database',
      target: 'prod',
      name: 'Data API reaches the warehouse',
      status: 'not-verified',
      detail: 'socket hang up; roles and privileges were not checked',
    });
  });
});

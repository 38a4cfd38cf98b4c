import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { IAMClient, paginateSimulatePrincipalPolicy, SimulatePrincipalPolicyCommand, type EvaluationResult } from '@aws-sdk/client-iam';
import { DescribeClustersCommand, RedshiftClient } from '@aws-sdk/client-redshift';
import { startAwsEmulator, type AwsEmulator } from '../../../../src/sandbox/aws/server';
import { emulatorSettings } from '../../../support/aws';

const ROLE = 'redshift-chatops-dev-us-east-1-lambdaRole';
const ROLE_ARN = `arn:aws:iam::123456789012:role/${ROLE}`;

/** STS's GetCallerIdentity and IAM's SimulatePrincipalPolicy, through the SDK clients, beside Redshift's Query protocol. */
describe('emulator: caller identity and policy simulator', () => {
  let emulator: AwsEmulator;
  let sts: STSClient;
  let iam: IAMClient;
  beforeAll(async () => {
    emulator = await startAwsEmulator({ seed: false });
    sts = new STSClient(emulatorSettings(emulator.endpoint));
    iam = new IAMClient(emulatorSettings(emulator.endpoint));
  });
  afterAll(async () => {
    sts.destroy();
    iam.destroy();
    await emulator.close();
  });
  afterEach(() => {
    emulator.iam.reset();
    emulator.faults.clear();
  });

  test("GetCallerIdentity names the bot's role session in the emulator's account", async () => {
    const out = await sts.send(new GetCallerIdentityCommand({}));
    expect(out.Account).toBe(emulator.context.accountId);
    expect(out.Arn).toBe(`arn:aws:sts::123456789012:assumed-role/${ROLE}/redshift-chatops-dev-slack`);
    expect(out.UserId).toMatch(/^AROA[A-Z0-9]{17}:redshift-chatops-dev-slack$/);
  });

  test('the caller is the Data API caller: an IAM user is named as one', async () => {
    const other = await startAwsEmulator({ seed: false, data: { caller: { user: 'ops-alice' } } });
    const client = new STSClient(emulatorSettings(other.endpoint));
    const otherIam = new IAMClient(emulatorSettings(other.endpoint));
    try {
      const out = await client.send(new GetCallerIdentityCommand({}));
      expect(out.Arn).toBe('arn:aws:iam::123456789012:user/ops-alice');
      expect(out.UserId).toMatch(/^AIDA[A-Z0-9]{17}$/);
      const sim = await otherIam.send(
        new SimulatePrincipalPolicyCommand({
          PolicySourceArn: 'arn:aws:iam::123456789012:user/ops-alice',
          ActionNames: ['redshift:PauseCluster'],
        }),
      );
      expect(sim.EvaluationResults?.[0]?.EvalDecision).toBe('allowed');
    } finally {
      client.destroy();
      otherIam.destroy();
      await other.close();
    }
  });

  test('every action is allowed by default, evaluated on each resource; a denied one is an implicit deny', async () => {
    emulator.iam.deny('redshift:PauseCluster');
    const out = await iam.send(
      new SimulatePrincipalPolicyCommand({
        PolicySourceArn: ROLE_ARN,
        ActionNames: ['redshift:PauseCluster', 'redshift:ResumeCluster'],
        ResourceArns: ['arn:aws:redshift:us-east-1:123456789012:cluster:a', 'arn:aws:redshift:us-east-1:123456789012:cluster:b'],
      }),
    );
    expect(out.IsTruncated).toBe(false);
    expect(out.EvaluationResults?.map((r) => [r.EvalActionName, r.EvalResourceName?.slice(-1), r.EvalDecision])).toEqual([
      ['redshift:PauseCluster', 'a', 'implicitDeny'],
      ['redshift:PauseCluster', 'b', 'implicitDeny'],
      ['redshift:ResumeCluster', 'a', 'allowed'],
      ['redshift:ResumeCluster', 'b', 'allowed'],
    ]);
    const noResource = await iam.send(
      new SimulatePrincipalPolicyCommand({ PolicySourceArn: ROLE_ARN, ActionNames: ['ce:GetCostAndUsage'] }),
    );
    expect(noResource.EvaluationResults?.[0]).toMatchObject({ EvalResourceName: '*', EvalDecision: 'allowed' });
  });

  test("pages by MaxItems and Marker; the SDK's paginator reads every page", async () => {
    const actions = [
      'redshift:PauseCluster',
      'redshift:ResumeCluster',
      'redshift:DeleteCluster',
      'redshift:ModifyCluster',
      'ce:GetCostAndUsage',
    ];
    const first = await iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: ROLE_ARN, ActionNames: actions, MaxItems: 2 }));
    expect(first).toMatchObject({ IsTruncated: true, Marker: expect.any(String) });
    expect(first.EvaluationResults).toHaveLength(2);
    const all: EvaluationResult[] = [];
    for await (const page of paginateSimulatePrincipalPolicy(
      { client: iam, pageSize: 2 },
      { PolicySourceArn: ROLE_ARN, ActionNames: actions },
    )) {
      all.push(...(page.EvaluationResults ?? []));
    }
    expect(all.map((r) => r.EvalActionName)).toEqual(actions);
  });

  test('a caller denied the simulator gets AccessDenied; an unknown principal NoSuchEntity', async () => {
    emulator.iam.denySimulator();
    await expect(
      iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: ROLE_ARN, ActionNames: ['redshift:PauseCluster'] })),
    ).rejects.toMatchObject({
      name: 'AccessDenied',
      $metadata: { httpStatusCode: 403 },
      message: expect.stringContaining('is not authorized to perform: iam:SimulatePrincipalPolicy'),
    });
    emulator.iam.reset();
    await expect(
      iam.send(
        new SimulatePrincipalPolicyCommand({
          PolicySourceArn: 'arn:aws:iam::123456789012:role/service-role/other',
          ActionNames: ['redshift:PauseCluster'],
        }),
      ),
    ).rejects.toMatchObject({ name: 'NoSuchEntityException', $metadata: { httpStatusCode: 404 } }); // wire code NoSuchEntity, as the SDK names it
    await expect(
      iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: ROLE_ARN, ActionNames: ['PauseCluster'] })),
    ).rejects.toMatchObject({
      name: 'InvalidInputException',
    });
  });

  test('fault rules reach STS and IAM', async () => {
    emulator.faults.inject({ service: 'sts', operation: 'GetCallerIdentity', fault: { kind: 'throttle' } });
    await expect(sts.send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({ name: 'Throttling' });
    emulator.faults.inject({ service: 'iam', operation: 'SimulatePrincipalPolicy', fault: { kind: 'internal' } });
    await expect(
      iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: ROLE_ARN, ActionNames: ['ce:GetCostAndUsage'] })),
    ).rejects.toMatchObject({
      name: 'ServiceFailureException',
      $metadata: { httpStatusCode: 500 },
    });
    emulator.faults.inject({ service: 'sts', operation: 'GetCallerIdentity', fault: { kind: 'internal' } });
    await expect(sts.send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({ name: 'InternalFailure', $metadata: { httpStatusCode: 500 } });
  });

  test("Redshift's Query protocol is still Redshift's; a request signed for another service is not claimed", async () => {
    const seeded = await startAwsEmulator();
    const redshift = new RedshiftClient(emulatorSettings(seeded.endpoint));
    try {
      await seeded.ready;
      const clusters = await redshift.send(new DescribeClustersCommand({}));
      expect(clusters.Clusters?.map((c) => c.ClusterIdentifier)).toContain('analytics-prod');
    } finally {
      redshift.destroy();
      await seeded.close();
    }
    const response = await fetch(emulator.endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: 'AWS4-HMAC-SHA256 Credential=test/20261203/us-east-1/redshift/aws4_request, SignedHeaders=host, Signature=0',
      },
      body: 'Action=GetCallerIdentity&Version=2011-06-15',
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('<Code>InvalidAction</Code>');
  });
});

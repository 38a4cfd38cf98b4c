import { parseChatopsConfig } from '../../../src/config/chatops';
import { actionGroups, STATEMENT_OWNER_KEY, WRITE_ACTIONS, type ActionGroup, type CallerFacts } from '../../../src/doctor/iam-actions';
import {
  callerFailure,
  callerLine,
  judgeGroup,
  principalOf,
  unverifiedGroup,
  type Evaluation,
} from '../../../src/doctor/identity-findings';

const yaml = (cost: string) => `
targets:
  prod: { kind: provisioned, cluster: analytics-prod, database: dev, dbUser: chatops_bot }
  lake:
    kind: serverless
    workgroup: lake
    namespace: lake
    database: dev
    region: eu-west-1
    secretArn: arn:aws:secretsmanager:eu-west-1:123456789012:secret:redshift-chatops/lake-Ab12Cd
channels: { approvals: C0APPROVALS, alerts: C0ALERTS, audit: C0AUDIT }
${cost}`;

const role = 'arn:aws:sts::123456789012:assumed-role/redshift-chatops-dev-us-east-1-lambdaRole/redshift-chatops-dev-slack';
const caller: CallerFacts = { account: '123456789012', arn: role, userId: 'AROAEXAMPLE:redshift-chatops-dev-slack', region: 'us-east-1' };

describe('principalOf', () => {
  it('maps an assumed-role session to its role, without the session', () => {
    expect(principalOf(role)).toEqual({
      arn: 'arn:aws:iam::123456789012:role/redshift-chatops-dev-us-east-1-lambdaRole',
      role: 'redshift-chatops-dev-us-east-1-lambdaRole',
    });
    expect(principalOf('arn:aws-cn:sts::123456789012:assumed-role/ops/me')).toEqual({
      arn: 'arn:aws-cn:iam::123456789012:role/ops',
      role: 'ops',
    });
  });

  it('takes a user as it is, path included', () => {
    expect(principalOf('arn:aws:iam::123456789012:user/ops/alice')).toEqual({ arn: 'arn:aws:iam::123456789012:user/ops/alice' });
  });

  it('cannot name the root user or a federated session', () => {
    expect(principalOf('arn:aws:iam::123456789012:root')).toEqual({ unknown: expect.stringContaining('root') });
    expect(principalOf('arn:aws:sts::123456789012:federated-user/bob')).toEqual({ unknown: expect.stringContaining('federated-user/bob') });
  });
});

describe('actionGroups', () => {
  it("simulates each target's writes and Data API runs on its warehouse, its secret on the secret's ARN", () => {
    const groups = actionGroups({ config: parseChatopsConfig(yaml('')), caller });
    const of = (target: string | undefined, label: string) => groups.find((g) => g.target === target && g.label === label);
    expect(of('prod', 'write actions')).toEqual({
      target: 'prod',
      label: 'write actions',
      actions: WRITE_ACTIONS.provisioned,
      resource: 'arn:aws:redshift:us-east-1:123456789012:cluster:analytics-prod',
    });
    // The target's own region; Serverless ARNs carry ids the configuration does not know.
    expect(of('lake', 'write actions')?.resource).toBe('arn:aws:redshift-serverless:eu-west-1:123456789012:workgroup/*');
    expect(of('lake', 'Data API statements')?.actions).toEqual(['redshift-data:ExecuteStatement', 'redshift-data:BatchExecuteStatement']);
    expect(of('lake', 'database secret')).toMatchObject({
      actions: ['secretsmanager:GetSecretValue'],
      resource: expect.stringContaining(':secret:redshift-chatops/lake-'),
    });
    expect(of('prod', 'database secret')).toBeUndefined();
    // Statement reads take no resource: the owner condition gets the caller's aws:userid.
    expect(of(undefined, 'Data API results of its own statements')).toMatchObject({
      actions: ['redshift-data:DescribeStatement', 'redshift-data:GetStatementResult', 'redshift-data:CancelStatement'],
      resource: '*',
      context: [{ key: STATEMENT_OWNER_KEY, values: ['AROAEXAMPLE:redshift-chatops-dev-slack'] }],
    });
    expect(groups.some((g) => g.actions.includes('lambda:InvokeFunction') || g.actions.includes('ce:GetCostAndUsage'))).toBe(false);
  });

  it('adds the worker by its ARN and Cost Explorer when chatops.yml turns it on', () => {
    const groups = actionGroups({
      config: parseChatopsConfig(yaml('cost: { costExplorer: { enabled: true } }')),
      caller,
      workerFunction: 'redshift-chatops-dev-worker',
    });
    expect(groups.find((g) => g.label === 'worker invocation')).toMatchObject({
      actions: ['lambda:InvokeFunction'],
      resource: 'arn:aws:lambda:us-east-1:123456789012:function:redshift-chatops-dev-worker',
    });
    expect(groups.find((g) => g.label === 'Cost Explorer')).toMatchObject({
      actions: ['ce:GetCostAndUsage'],
      note: expect.stringContaining('never calls Cost Explorer'),
    });
    const noRegion = actionGroups({ config: parseChatopsConfig(yaml('')), caller: { ...caller, region: undefined }, workerFunction: 'w' });
    expect(noRegion.find((g) => g.label === 'worker invocation')?.resource).toBe('*');
    expect(noRegion.find((g) => g.target === 'prod')?.resource).toBe('*');
  });
});

describe('judgeGroup', () => {
  const group: ActionGroup = {
    target: 'prod',
    label: 'write actions',
    actions: ['redshift:PauseCluster', 'redshift:ResumeCluster'],
    resource: 'arn:c',
  };
  const principal = 'arn:aws:iam::123456789012:role/bot';
  const ev = (action: string, decision: string, missingContext: string[] = []): Evaluation => ({ action, decision, missingContext });

  it('is ok when every action is allowed', () => {
    expect(judgeGroup(group, [ev('redshift:PauseCluster', 'allowed'), ev('redshift:ResumeCluster', 'allowed')], principal)).toMatchObject({
      status: 'ok',
      target: 'prod',
      name: 'write actions (redshift:PauseCluster, redshift:ResumeCluster)',
    });
  });

  it('is missing, naming each denied action in the fix', () => {
    const result = judgeGroup(group, [ev('redshift:PauseCluster', 'allowed'), ev('redshift:ResumeCluster', 'implicitDeny')], principal);
    expect(result).toMatchObject({ status: 'missing', detail: 'redshift:ResumeCluster: implicitDeny on arn:c' });
    expect(result.optional).toBeUndefined();
    expect(result.fix).toBe('allow redshift:ResumeCluster on arn:c to arn:aws:iam::123456789012:role/bot (serverless.yml grants it)');
    expect(
      judgeGroup(group, [ev('redshift:PauseCluster', 'explicitDeny'), ev('redshift:ResumeCluster', 'implicitDeny')], principal).fix,
    ).toContain('allow redshift:PauseCluster, redshift:ResumeCluster on arn:c');
  });

  it('is not verified when a denial only lacks a context value, or an action has no result', () => {
    const lacking = judgeGroup(
      group,
      [ev('redshift:PauseCluster', 'implicitDeny', ['aws:SourceIp']), ev('redshift:ResumeCluster', 'allowed')],
      principal,
    );
    expect(lacking).toMatchObject({
      status: 'not-verified',
      optional: true,
      detail: expect.stringContaining('needs context aws:SourceIp'),
    });
    expect(judgeGroup(group, [ev('redshift:PauseCluster', 'allowed')], principal)).toMatchObject({
      status: 'not-verified',
      detail: expect.stringContaining('no result for redshift:ResumeCluster'),
    });
  });

  it('lists a group the simulator was not asked about as optional', () => {
    expect(unverifiedGroup(group, 'AccessDenied')).toMatchObject({
      status: 'not-verified',
      optional: true,
      target: 'prod',
      detail: 'AccessDenied',
    });
  });
});

describe('caller lines', () => {
  it('says the account, ARN and region', () => {
    expect(callerLine(caller)).toMatchObject({ status: 'ok', detail: `account 123456789012, ${role}, region us-east-1` });
  });

  it('no credentials, rejected credentials and no region are missing; anything else could not be told', () => {
    expect(callerFailure('CredentialsProviderError', 'Could not load credentials from any providers')).toMatchObject({
      status: 'missing',
      detail: expect.stringMatching(/^no AWS credentials: /),
    });
    expect(callerFailure('InvalidClientTokenId', 'The security token included in the request is invalid.')).toMatchObject({
      status: 'missing',
    });
    expect(callerFailure('Error', 'Region is missing')).toMatchObject({ status: 'missing', fix: expect.stringContaining('AWS_REGION') });
    expect(callerFailure('TimeoutError', 'socket hang up')).toMatchObject({
      status: 'not-verified',
      detail: 'TimeoutError: socket hang up',
    });
  });
});

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseChatopsConfig } from '../../../src/config/chatops';
import { identityChecks } from '../../../src/doctor/identity-checks';
import { requiredMissing } from '../../../src/doctor/report';
import { startAwsEmulator, type AwsEmulator } from '../../../src/sandbox/aws/server';
import { emulatorSettings } from '../../support/aws';
import { runDoctorProcess } from '../../support/doctor-process';
import { startWarehouseBot, twoTargetsYaml, type WarehouseBot } from '../../support/warehouse-bot';

const ROLE_ARN = 'arn:aws:iam::123456789012:role/redshift-chatops-dev-us-east-1-lambdaRole';
const config = parseChatopsConfig(`${twoTargetsYaml}cost:\n  costExplorer: { enabled: true }\n`);

/** The doctor's AWS identity checks against the emulator: who the bot is, and what its role may do. */
describe('doctor: AWS identity and IAM actions', () => {
  let emulator: AwsEmulator;
  beforeAll(async () => {
    emulator = await startAwsEmulator({ seed: false });
  });
  afterAll(() => emulator.close());
  afterEach(() => emulator.iam.reset());

  const run = () => identityChecks(config, { aws: emulatorSettings(emulator.endpoint), workerFunction: 'redshift-chatops-dev-worker' });

  test('a correct setup: the caller, and every action group, ok', async () => {
    const results = await run();
    expect(results[0]).toMatchObject({
      area: 'aws',
      status: 'ok',
      detail:
        'account 123456789012, arn:aws:sts::123456789012:assumed-role/redshift-chatops-dev-us-east-1-lambdaRole/redshift-chatops-dev-slack, region us-east-1',
    });
    expect(results.filter((r) => r.status !== 'ok')).toEqual([]);
    const names = results.map((r) => `${r.target ?? '-'} ${r.name}`);
    expect(names).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^prod write actions \(redshift:CreateClusterSnapshot, .*redshift:ModifyClusterMaintenance\)$/),
        expect.stringMatching(/^lake write actions \(redshift-serverless:CreateSnapshot, /),
        'lake database secret (secretsmanager:GetSecretValue)',
        'prod Data API statements (redshift-data:ExecuteStatement, redshift-data:BatchExecuteStatement)',
        '- Data API results of its own statements (redshift-data:DescribeStatement, redshift-data:GetStatementResult, redshift-data:CancelStatement)',
        '- worker invocation (lambda:InvokeFunction)',
        '- Cost Explorer (ce:GetCostAndUsage)',
      ]),
    );
    expect(results.find((r) => r.name.startsWith('worker'))?.detail).toContain(
      'arn:aws:lambda:us-east-1:123456789012:function:redshift-chatops-dev-worker',
    );
    expect(results.find((r) => r.name.startsWith('Cost Explorer'))?.detail).toContain('never calls Cost Explorer');
    expect(emulator.costExplorer.requests).toEqual([]);
  });

  test('a denied write action is missing, with the exact action in the fix', async () => {
    emulator.iam.deny('redshift:PauseCluster');
    const results = await run();
    const writes = results.find((r) => r.target === 'prod' && r.name.startsWith('write actions'));
    expect(writes).toMatchObject({ status: 'missing', detail: expect.stringContaining('redshift:PauseCluster: implicitDeny') });
    expect(writes?.optional).toBeUndefined();
    expect(writes?.fix).toBe(
      `allow redshift:PauseCluster on arn:aws:redshift:us-east-1:123456789012:cluster:analytics-prod to ${ROLE_ARN} (serverless.yml grants it)`,
    );
    expect(results.filter((r) => r.status === 'missing')).toHaveLength(1);
    expect(requiredMissing(results)).toBe(1);
  });

  test("a Serverless target is simulated on its workgroup's own ARN when GetWorkgroup answers, else on workgroup/*", async () => {
    emulator.iam.deny('redshift-serverless:DeleteWorkgroup');
    const unseeded = (await run()).find((r) => r.target === 'lake' && r.name.startsWith('write actions'));
    expect(unseeded?.fix).toContain('on arn:aws:redshift-serverless:us-east-1:123456789012:workgroup/* to');
    const seeded = await startAwsEmulator();
    try {
      await seeded.ready;
      seeded.iam.deny('redshift-serverless:DeleteWorkgroup');
      const results = await identityChecks(config, { aws: emulatorSettings(seeded.endpoint) });
      const lake = results.find((r) => r.target === 'lake' && r.name.startsWith('write actions'));
      expect(lake?.fix).toMatch(/^allow redshift-serverless:DeleteWorkgroup on arn:aws:redshift-serverless:us-east-1:123456789012:workgroup\/[0-9a-f-]{36} to /);
    } finally {
      await seeded.close();
    }
  }, 60_000);

  test('a caller denied the simulator: each group not verified, optional, saying why', async () => {
    emulator.iam.denySimulator();
    const results = await run();
    expect(results[0].status).toBe('ok');
    const groups = results.slice(1);
    expect(groups.length).toBeGreaterThanOrEqual(6);
    for (const group of groups) {
      expect(group).toMatchObject({ status: 'not-verified', optional: true, detail: expect.stringContaining('AccessDenied') });
    }
    expect(requiredMissing(results)).toBe(0);
  });

  test("a role IAM does not find by its session's name (one with a path): not verified, saying why", async () => {
    emulator.faults.inject({
      service: 'iam',
      operation: 'SimulatePrincipalPolicy',
      fault: { kind: 'named', code: 'NoSuchEntity', message: 'The role cannot be found.', status: 404 },
      times: Infinity,
    });
    try {
      const results = await run();
      expect(results.slice(1).every((r) => r.status === 'not-verified' && r.optional)).toBe(true);
      expect(results[1].detail).toContain("does not carry the role's path");
      // Asked once: the answer holds for every group.
      expect(results[2].detail).toMatch(/^not asked: /);
    } finally {
      emulator.faults.clear();
    }
  });

  test('no endpoint answering: not verified, never a crash', async () => {
    const results = await identityChecks(config, { aws: emulatorSettings('http://127.0.0.1:9') });
    expect(results[0]).toMatchObject({ status: 'not-verified' });
    expect(results[1]).toMatchObject({ status: 'not-verified', optional: true });
  });
});

describe('npm run doctor: a caller denied the policy simulator', () => {
  let bot: WarehouseBot;
  let dir: string;
  beforeAll(async () => {
    bot = await startWarehouseBot();
    dir = mkdtempSync(join(tmpdir(), 'chatops-doctor-iam-'));
    writeFileSync(join(dir, 'chatops.yml'), twoTargetsYaml);
  }, 120_000);
  afterAll(async () => {
    await bot.stopAll();
    rmSync(dir, { recursive: true, force: true });
  });

  test('lists the IAM actions as not verified (optional) and still exits 0', async () => {
    bot.aws.iam.denySimulator();
    const { status, stdout } = await runDoctorProcess({
      dir,
      slackApiUrl: bot.slack.apiUrl,
      awsEndpoint: bot.aws.endpoint,
      env: { CHATOPS_WORKER_FUNCTION: 'redshift-chatops-dev-worker' },
    });
    expect(stdout).toMatch(/ok {12}AWS credentials and region \(sts:GetCallerIdentity\): account 123456789012, arn:aws:sts::/);
    expect(stdout).toMatch(
      /not verified {2}\[prod\] write actions \(redshift:CreateClusterSnapshot, .*\) \(optional\): the policy simulator is not open/,
    );
    expect(stdout).toMatch(/not verified {2}worker invocation \(lambda:InvokeFunction\) \(optional\)/);
    expect(status).toBe(0);
  }, 90_000);
});

/**
 * serverless.yml -> CloudFormation, the way CI and a deploy see it: bundle, then `osls package`
 * with no AWS credentials (and, where Linux allows, no network), then read the template.
 */
import { execFile } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { bundleLambda, repoRoot, staticClosure, type BundleResult } from '../../../scripts/bundle';
import { dynamoTableDefinition } from '../../../src/store/dynamodb-table';
import { WRITE_ACTIONS } from '../../../src/doctor/iam-actions';
import { REQUIRED_ACTIONS, UNSCOPABLE } from './iam-actions';
import { OFFLINE_PREFIX, packageOffline, SERVICE, STAGE, type CfnResource, type Template } from './osls-package';

const run = promisify(execFile);

interface PolicyStatement {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: unknown;
}

let template: Template;
let zipFiles: string[];
let bundle: BundleResult;

beforeAll(async () => {
  bundle = await bundleLambda({ log: false });
  ({ template, zipFiles } = await packageOffline());
}, 180_000);

function resourcesOfType(type: string): Array<[string, CfnResource]> {
  return Object.entries(template.Resources).filter(([, resource]) => resource.Type === type);
}

function resource(logicalId: string): CfnResource {
  const found = template.Resources[logicalId];
  if (!found) throw new Error(`template has no ${logicalId}`);
  return found;
}

function lambdaFunction(name: string): Record<string, unknown> {
  const found = resourcesOfType('AWS::Lambda::Function').find(
    ([, fn]) => fn.Properties.FunctionName === `${SERVICE}-${STAGE}-${name}`,
  );
  if (!found) throw new Error(`no Lambda function ${name}`);
  return found[1].Properties;
}

function environmentOf(name: string): Record<string, string> {
  const environment = lambdaFunction(name).Environment as { Variables: Record<string, string> };
  return environment.Variables;
}

function statements(): PolicyStatement[] {
  const role = resource('IamRoleLambdaExecution').Properties as {
    Policies: Array<{ PolicyDocument: { Statement: PolicyStatement[] } }>;
  };
  return role.Policies.flatMap((policy) => policy.PolicyDocument.Statement);
}

function actionsOf(statement: PolicyStatement): string[] {
  return Array.isArray(statement.Action) ? statement.Action : [statement.Action];
}

function resourcesOf(statement: PolicyStatement): unknown[] {
  return Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource];
}

describe(`osls package with no AWS credentials${OFFLINE_PREFIX.length > 0 ? ' and no network' : ''}`, () => {
  it('defines the three functions on nodejs22.x arm64 with their handlers and timeouts', () => {
    const expected = { slack: 10, worker: 900, tick: 300 };
    for (const [name, timeout] of Object.entries(expected)) {
      const fn = lambdaFunction(name);
      expect(fn.Handler).toBe(`.build/lambda/index.${name}`);
      expect(fn.Runtime).toBe('nodejs22.x');
      expect(fn.Architectures).toEqual(['arm64']);
      expect(fn.Timeout).toBe(timeout);
    }
    expect(lambdaFunction('slack').MemorySize).toBe(512);
    expect(resourcesOfType('AWS::Lambda::Function')).toHaveLength(3);
  });

  it('zips only the bundle, and the handler file and config are where Lambda will look', () => {
    expect(zipFiles.every((file) => file.startsWith('.build/lambda/'))).toBe(true);
    // Handler `.build/lambda/index.slack`: with no index.js, Lambda loads index.mjs as an ES module.
    expect(zipFiles).toEqual(
      expect.arrayContaining(['.build/lambda/index.mjs', '.build/lambda/index.mjs.map', '.build/lambda/chatops.json']),
    );
    expect(zipFiles).not.toContain('.build/lambda/index.js');
    expect(zipFiles.some((file) => file.startsWith('node_modules/'))).toBe(false);
    const configPath = environmentOf('slack').CHATOPS_CONFIG ?? '';
    // Lambda unpacks the zip under /var/task; a relative path would depend on the working directory.
    expect(configPath.startsWith('/var/task/')).toBe(true);
    expect(zipFiles).toContain(configPath.slice('/var/task/'.length));
  });

  it('zips every chunk the bundle imports, lazily or not', () => {
    const written = bundle.files.map((file) => path.relative(repoRoot, file).split(path.sep).join('/'));
    expect(written.length).toBeGreaterThan(1);
    expect(zipFiles).toEqual(expect.arrayContaining(written));
  });

  it('keeps the AWS SDK clients and the full zod API out of what a cold start loads', () => {
    // The ack path must stay near a bare Bolt handler: SDK clients load lazily, features use zod/mini.
    const entry = path.relative(repoRoot, bundle.outfile).split(path.sep).join('/');
    const atStart = staticClosure(bundle.metafile, entry).flatMap((file) => Object.keys(bundle.metafile.outputs[file]?.inputs ?? {}));
    expect(atStart.length).toBeGreaterThan(0);
    expect(atStart.filter((input) => /node_modules\/@aws-sdk\/client-/.test(input))).toEqual([]);
    expect(atStart.filter((input) => /node_modules\/zod\/(v4\/classic|index)/.test(input))).toEqual([]);
  });

  it('has a handler module that loads under node as an ES module and exports the three handlers', async () => {
    // Every chunk too, so a CommonJS dependency that needs `require` or `__dirname` fails here, not on
    // the first request that happens to import it.
    const script = [
      `const files = ${JSON.stringify(bundle.files.map((file) => pathToFileURL(file).href))};`,
      `const handler = await import(${JSON.stringify(pathToFileURL(bundle.outfile).href)});`,
      'for (const file of files) await import(file);',
      "console.log(JSON.stringify(['slack', 'worker', 'tick'].map((name) => typeof handler[name])));",
    ].join('\n');
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: repoRoot, timeout: 60_000 });
    expect(JSON.parse(stdout.trim())).toEqual(['function', 'function', 'function']);
  });

  it('routes POST /slack/events on the HTTP API to the slack function with payload 2.0', () => {
    const routes = resourcesOfType('AWS::ApiGatewayV2::Route').map(([, route]) => route.Properties);
    expect(routes.map((route) => route.RouteKey)).toEqual(['POST /slack/events']);
    const integrations = resourcesOfType('AWS::ApiGatewayV2::Integration').map(([, integration]) => integration.Properties);
    expect(integrations).toHaveLength(1);
    expect(integrations[0]?.IntegrationUri).toEqual({ 'Fn::GetAtt': ['SlackLambdaFunction', 'Arn'] });
    expect(integrations[0]?.PayloadFormatVersion).toBe('2.0');
  });

  it('runs tick every minute from an EventBridge rule', () => {
    const rules = resourcesOfType('AWS::Events::Rule').map(([, rule]) => rule.Properties);
    expect(rules).toHaveLength(1);
    expect(rules[0]?.ScheduleExpression).toBe('rate(1 minute)');
    expect(rules[0]?.State).toBe('ENABLED');
    const targets = rules[0]?.Targets as Array<{ Arn: unknown }>;
    expect(targets.map((target) => target.Arn)).toEqual([{ 'Fn::GetAtt': ['TickLambdaFunction', 'Arn'] }]);
  });

  it('retries a failed worker invocation at most twice', () => {
    const configs = resourcesOfType('AWS::Lambda::EventInvokeConfig').map(([, config]) => config.Properties);
    expect(configs).toHaveLength(1);
    expect(configs[0]?.FunctionName).toEqual({ Ref: 'WorkerLambdaFunction' });
    expect(configs[0]?.MaximumRetryAttempts).toBe(2);
  });

  it('keeps logs for a bounded time', () => {
    const groups = resourcesOfType('AWS::Logs::LogGroup').map(([, group]) => group.Properties);
    expect(groups).toHaveLength(3);
    for (const group of groups) expect(group.RetentionInDays).toEqual(expect.any(Number));
  });

  it('creates the table exactly as the DynamoDB adapter defines it, with TTL and PITR', () => {
    const tables = resourcesOfType('AWS::DynamoDB::Table');
    expect(tables).toHaveLength(1);
    const table = tables[0]?.[1].Properties as Record<string, unknown>;
    const definition = dynamoTableDefinition(`${SERVICE}-${STAGE}`);
    const expected = definition.createTable;
    expect(table.TableName).toBe(expected.TableName);
    expect(table.BillingMode).toBe(expected.BillingMode);
    expect(table.KeySchema).toEqual(expected.KeySchema);
    expect(table.AttributeDefinitions).toEqual(expect.arrayContaining(expected.AttributeDefinitions ?? []));
    expect(table.AttributeDefinitions).toHaveLength(expected.AttributeDefinitions?.length ?? 0);
    expect(table.GlobalSecondaryIndexes).toEqual(
      (expected.GlobalSecondaryIndexes ?? []).map(({ IndexName, KeySchema, Projection }) => ({ IndexName, KeySchema, Projection })),
    );
    expect(table.TimeToLiveSpecification).toEqual({ AttributeName: definition.ttlAttribute, Enabled: true });
    expect(definition.ttlAttribute).toBe('ttl');
    expect(table.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
  });

  it('gives every function the runtime environment, secrets as CloudFormation dynamic references', () => {
    const tableName = (resourcesOfType('AWS::DynamoDB::Table')[0]?.[1].Properties.TableName ?? '') as string;
    const workerName = lambdaFunction('worker').FunctionName;
    for (const name of ['slack', 'worker', 'tick']) {
      const env = environmentOf(name);
      expect(env.CHATOPS_STORE).toBe(`dynamodb:${tableName}`);
      expect(env.CHATOPS_WORKER_FUNCTION).toBe(workerName);
      expect(env.CHATOPS_CONFIG).toBe('/var/task/.build/lambda/chatops.json');
      expect(env.SLACK_SIGNING_SECRET).toMatch(/^\{\{resolve:secretsmanager:redshift-chatops\/[^:]+:SecretString:signingSecret\}\}$/);
      expect(env.SLACK_BOT_TOKEN).toMatch(/^\{\{resolve:secretsmanager:redshift-chatops\/[^:]+:SecretString:botToken\}\}$/);
    }
  });
});

describe('the Lambda role', () => {
  it('never grants a wildcard action', () => {
    const wildcards = statements().flatMap(actionsOf).filter((action) => action.includes('*'));
    expect(wildcards).toEqual([]);
  });

  it('allows every call the bot makes', () => {
    const allowed = new Set(statements().filter((s) => s.Effect === 'Allow').flatMap(actionsOf));
    expect(REQUIRED_ACTIONS.filter((action) => !allowed.has(action))).toEqual([]);
  });

  it('grants every action the doctor asks IAM about, on scoped resources', () => {
    const doctor = [...WRITE_ACTIONS.provisioned, ...WRITE_ACTIONS.serverless];
    expect(doctor.filter((action) => !REQUIRED_ACTIONS.includes(action))).toEqual([]);
    const scoped = new Set(
      statements()
        .filter((s) => s.Effect === 'Allow' && !resourcesOf(s).includes('*'))
        .flatMap(actionsOf),
    );
    expect(doctor.filter((action) => !scoped.has(action) && !UNSCOPABLE.has(action))).toEqual([]);
  });

  it("grants nothing outside the bot's services", () => {
    const services = new Set(statements().flatMap(actionsOf).map((action) => action.split(':')[0]));
    expect([...services].sort()).toEqual(
      ['ce', 'dynamodb', 'lambda', 'logs', 'redshift', 'redshift-data', 'redshift-serverless', 'secretsmanager'].sort(),
    );
  });

  it("uses Resource '*' only for actions IAM cannot scope", () => {
    const unscoped = statements()
      .filter((s) => resourcesOf(s).includes('*'))
      .flatMap(actionsOf)
      .filter((action) => !UNSCOPABLE.has(action));
    expect(unscoped).toEqual([]);
  });

  it('limits Data API statement reads to statements this role started', () => {
    const reads = statements().filter((s) => actionsOf(s).includes('redshift-data:GetStatementResult'));
    expect(reads).toHaveLength(1);
    expect(reads[0]?.Condition).toEqual({
      StringLike: { 'redshift-data:statement-owner-iam-userid': { 'Fn::Sub': '${IamRoleLambdaExecution.RoleId}:*' } },
    });
  });

  it('may invoke the worker function and nothing else', () => {
    const invokes = statements().filter((s) => actionsOf(s).includes('lambda:InvokeFunction'));
    expect(invokes).toHaveLength(1);
    const statement = invokes[0] as PolicyStatement;
    expect(actionsOf(statement)).toEqual(['lambda:InvokeFunction']);
    const workerName = String(lambdaFunction('worker').FunctionName);
    expect(resourcesOf(statement)).toEqual([
      { 'Fn::Sub': `arn:\${AWS::Partition}:lambda:\${AWS::Region}:\${AWS::AccountId}:function:${workerName}` },
    ]);
  });

  it('reaches DynamoDB only on the state table and its indexes', () => {
    const dynamo = statements().filter((s) => actionsOf(s).some((action) => action.startsWith('dynamodb:')));
    expect(dynamo).toHaveLength(1);
    expect(resourcesOf(dynamo[0] as PolicyStatement)).toEqual([
      { 'Fn::GetAtt': ['ChatopsTable', 'Arn'] },
      { 'Fn::Sub': '${ChatopsTable.Arn}/index/*' },
    ]);
  });

  it('reads secrets only under the redshift-chatops/ prefix', () => {
    const secrets = statements().filter((s) => actionsOf(s).includes('secretsmanager:GetSecretValue'));
    expect(secrets).toHaveLength(1);
    expect(resourcesOf(secrets[0] as PolicyStatement)).toEqual([
      { 'Fn::Sub': 'arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:redshift-chatops/*' },
    ]);
  });

  it('scopes every resource ARN it builds to the stack account and region', () => {
    const arns = statements()
      .flatMap(resourcesOf)
      .flatMap((r) => (typeof r === 'object' && r !== null && 'Fn::Sub' in r ? [String((r as { 'Fn::Sub': unknown })['Fn::Sub'])] : []))
      .filter((sub) => sub.startsWith('arn:'));
    expect(arns.length).toBeGreaterThan(5);
    for (const arn of arns) expect(arn).toMatch(/^arn:\$\{AWS::Partition\}:[a-z-]+:\$\{AWS::Region\}:\$\{AWS::AccountId\}:/);
  });
});

afterAll(() => {
  // The zip and template are build output; keep .build for whoever runs the bench next.
  const output = path.join(repoRoot, '.serverless');
  if (existsSync(output)) rmSync(output, { recursive: true, force: true });
});

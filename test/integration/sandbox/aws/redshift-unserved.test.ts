import { DynamoDBClient, DynamoDBServiceException, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { LambdaClient, LambdaServiceException, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { DescribeEventsCommand, RedshiftClient, RedshiftServiceException } from '@aws-sdk/client-redshift';
import {
  ListTagsForResourceCommand,
  RedshiftServerlessClient,
  RedshiftServerlessServiceException,
} from '@aws-sdk/client-redshift-serverless';
import { ManualClock } from '../../../../src/clock';
import { emulatorContext } from '../../../../src/sandbox/aws/core';
import { LambdaService } from '../../../../src/sandbox/aws/lambda-service';
import { RedshiftService } from '../../../../src/sandbox/aws/redshift';
import { serveServices, type ServedServices } from '../../../../src/sandbox/aws/serve';
import { RedshiftServerlessService } from '../../../../src/sandbox/aws/serverless';
import { emulatorClientConfig, failure } from '../../../support/aws-services';
import { MemoryDatabases } from '../../../support/memory-databases';

/**
 * An operation or a service the emulator does not serve answers in the error format of the request's
 * own protocol, so the SDK (and the AWS CLI) names the error instead of failing to parse the body.
 */
describe('AWS emulator: operations and services it does not serve', () => {
  let served: ServedServices;
  beforeAll(async () => {
    const context = emulatorContext(new ManualClock(Date.UTC(2024, 10, 25, 10)));
    const databases = new MemoryDatabases(context.clock);
    served = await serveServices([
      new LambdaService(),
      new RedshiftService(context, databases),
      new RedshiftServerlessService(context, databases),
    ]);
  });
  afterAll(() => served.close());

  function client<C extends { destroy(): void }>(Client: new (config: ReturnType<typeof emulatorClientConfig>) => C): C {
    return new Client(emulatorClientConfig(served.endpoint));
  }

  it('Redshift (Query): an unserved action is InvalidAction, HTTP 400, in an <ErrorResponse>', async () => {
    const redshift = client(RedshiftClient);
    const error = await failure(redshift.send(new DescribeEventsCommand({})), RedshiftServiceException);
    redshift.destroy();
    expect(error.name).toBe('InvalidAction');
    expect(error.$metadata.httpStatusCode).toBe(400);
  });

  it('Redshift Serverless (JSON 1.1): an unserved operation is UnknownOperationException, HTTP 400', async () => {
    const serverless = client(RedshiftServerlessClient);
    const error = await failure(
      serverless.send(new ListTagsForResourceCommand({ resourceArn: 'arn:aws:redshift-serverless:us-east-1:123456789012:workgroup/x' })),
      RedshiftServerlessServiceException,
    );
    serverless.destroy();
    expect(error.name).toBe('UnknownOperationException');
    expect(error.$metadata.httpStatusCode).toBe(400);
  });

  it('another JSON service (DynamoDB, JSON 1.0) gets UnknownOperationException in its own format, HTTP 400', async () => {
    const dynamo = client(DynamoDBClient);
    const error = await failure(dynamo.send(new ListTablesCommand({})), DynamoDBServiceException);
    dynamo.destroy();
    expect(error.name).toBe('UnknownOperationException');
    expect(error.$metadata.httpStatusCode).toBe(400);
    expect(error.message).toContain('DynamoDB_20120810.ListTables');
  });

  it('a REST-JSON operation not served (Lambda ListFunctions) is UnknownOperationException, HTTP 404', async () => {
    const lambda = client(LambdaClient);
    const error = await failure(lambda.send(new ListFunctionsCommand({})), LambdaServiceException);
    lambda.destroy();
    expect(error.name).toBe('UnknownOperationException');
    expect(error.$metadata.httpStatusCode).toBe(404);
  });

  it('another Query service gets an <ErrorResponse> with InvalidAction; a form without Action gets MissingAction', async () => {
    const post = (body: string) =>
      fetch(`${served.endpoint}/`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8' },
        body,
      });
    const sts = await post('Action=GetCallerIdentity&Version=2011-06-15');
    expect(sts.status).toBe(400);
    expect(sts.headers.get('content-type')).toBe('text/xml');
    const xml = await sts.text();
    expect(xml).toMatch(
      /<ErrorResponse[^>]*><Error><Type>Sender<\/Type><Code>InvalidAction<\/Code><Message>[^<]*GetCallerIdentity[^<]*<\/Message><\/Error><RequestId>[0-9a-f-]{36}<\/RequestId><\/ErrorResponse>$/,
    );
    const bare = await post('Version=2012-12-01');
    expect(bare.status).toBe(400);
    expect(await bare.text()).toContain('<Code>MissingAction</Code>');
  });
});

/**
 * The cold-path baseline: the smallest Bolt app on AwsLambdaReceiver whose `/redshift` listener does
 * what our `access request` ack path must: one conditional DynamoDB PutItem (the job record) and one
 * asynchronous Lambda Invoke (InvocationType Event, the worker), then the ack.
 *
 * The SDK clients are imported and made on first use, as ours does (lazyStore, LambdaDispatcher):
 * equal loading is the fair comparison, so the ratio measures what our code adds, not a different
 * loading strategy. Reads the same environment as ours: CHATOPS_STORE=dynamodb:TABLE,
 * CHATOPS_WORKER_FUNCTION, AWS_ENDPOINT_URL_* and credentials from the SDK's own chain.
 */
import { randomUUID } from 'node:crypto';
import { App, AwsLambdaReceiver } from '@slack/bolt';

const table = (process.env.CHATOPS_STORE ?? '').replace(/^dynamodb:/, '');
const workerFunction = process.env.CHATOPS_WORKER_FUNCTION ?? '';

const receiver = new AwsLambdaReceiver({ signingSecret: process.env.SLACK_SIGNING_SECRET ?? '' });
const app = new App({
  token: process.env.SLACK_BOT_TOKEN,
  receiver,
  // Same Web API target as our handler gets, so both pay for the same auth.test round trip.
  clientOptions: { slackApiUrl: process.env.SLACK_API_URL },
});

async function clients() {
  const [{ DynamoDBClient }, { DynamoDBDocumentClient, PutCommand }, { LambdaClient, InvokeCommand }] = await Promise.all([
    import('@aws-sdk/client-dynamodb'),
    import('@aws-sdk/lib-dynamodb'),
    import('@aws-sdk/client-lambda'),
  ]);
  return { doc: DynamoDBDocumentClient.from(new DynamoDBClient({})), PutCommand, lambda: new LambdaClient({}), InvokeCommand };
}
let made: ReturnType<typeof clients> | undefined;

app.command('/redshift', async ({ ack, command }) => {
  const { doc, PutCommand, lambda, InvokeCommand } = await (made ??= clients());
  const jobId = `j-${randomUUID()}`;
  await doc.send(
    new PutCommand({
      TableName: table,
      Item: { pk: 'item#job', sk: jobId, version: 1, data: JSON.stringify({ text: command.text, actor: command.user_id }) },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
  const invoked = await lambda.send(
    new InvokeCommand({ FunctionName: workerFunction, InvocationType: 'Event', Payload: Buffer.from(JSON.stringify({ jobId })) }),
  );
  if (invoked.StatusCode !== 202) throw new Error(`worker invoke answered ${invoked.StatusCode ?? 'nothing'}`);
  await ack(`Recorded ${jobId}.`);
});

export const slack = receiver.toHandler();

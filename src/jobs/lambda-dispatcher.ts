import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { Dispatcher, JobEnvelope } from './record';

/**
 * The Lambda runtime's dispatcher: an asynchronous invoke (InvocationType Event) of the worker
 * function, so the `slack` function can answer within Slack's 3 seconds. The client is created on
 * first use, keeping the SDK's set-up out of the cold start of requests that dispatch nothing.
 */
export class LambdaDispatcher implements Dispatcher {
  private client?: Promise<{ client: LambdaClient; InvokeCommand: typeof import('@aws-sdk/client-lambda').InvokeCommand }>;

  constructor(private readonly functionName: string) {}

  async dispatch(envelope: JobEnvelope): Promise<void> {
    const { client, InvokeCommand } = await this.lambda();
    const response = await client.send(
      new InvokeCommand({
        FunctionName: this.functionName,
        InvocationType: 'Event',
        Payload: Buffer.from(JSON.stringify(envelope)),
      }),
    );
    if (response.StatusCode !== 202) {
      throw new Error(`Lambda did not accept the job for ${this.functionName} (status ${response.StatusCode ?? 'none'})`);
    }
  }

  private lambda() {
    this.client ??= import('@aws-sdk/client-lambda').then(({ LambdaClient, InvokeCommand }) => ({
      client: new LambdaClient({}),
      InvokeCommand,
    }));
    return this.client;
  }
}

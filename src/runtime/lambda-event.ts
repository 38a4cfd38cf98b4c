import type { AwsLambdaReceiver } from '@slack/bolt';

/** Bolt's public exports hold the Lambda receiver but not its event types: they are read off its handler. */
type AwsHandler = ReturnType<AwsLambdaReceiver['toHandler']>;

/** The API Gateway (v1 or v2) event Bolt's Lambda receiver accepts. */
export type AwsEvent = Parameters<AwsHandler>[0];

/** What Bolt's Lambda receiver answers API Gateway with. */
export type AwsResponse = Awaited<ReturnType<AwsHandler>>;

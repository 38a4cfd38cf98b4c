/**
 * The cold-start baseline: the smallest Bolt app on AwsLambdaReceiver that answers `/redshift`.
 * Bundled exactly like our Lambda (scripts/bundle.ts), so the ratio measures what our code adds.
 */
import { App, AwsLambdaReceiver } from '@slack/bolt';

const receiver = new AwsLambdaReceiver({ signingSecret: process.env.SLACK_SIGNING_SECRET ?? '' });
const app = new App({
  token: process.env.SLACK_BOT_TOKEN,
  receiver,
  // Same Web API target as our handler gets, so both pay for the same auth.test round trip.
  clientOptions: { slackApiUrl: process.env.SLACK_API_URL },
});

app.command('/redshift', async ({ ack }) => {
  await ack('hello');
});

export const slack = receiver.toHandler();

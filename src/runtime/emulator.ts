import { startAwsEmulator } from '../sandbox/aws/server';

/** `npm run emulator`: the local AWS on EMULATOR_PORT (default 4566), from the standard seed, until Ctrl-C. */
async function main(): Promise<void> {
  const port = Number(process.env.EMULATOR_PORT ?? '4566');
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`EMULATOR_PORT must be a port number, not ${process.env.EMULATOR_PORT}`);
  const emulator = await startAwsEmulator({ port });
  await emulator.ready;
  process.stdout.write(
    [
      `AWS emulator listening on ${emulator.endpoint}`,
      '  Redshift (Query), Redshift Serverless, Redshift Data API, Lambda Invoke',
      '  seed: cluster analytics-prod (ra3.xlplus x 2), Serverless namespace/workgroup lake; database dev;',
      '        users chatops_admin, alice, bob, carol; schemas raw_data, analytics, adhoc, pii',
      `Point the AWS SDK at it: AWS_ENDPOINT_URL=${emulator.endpoint} AWS_REGION=us-east-1 AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test`,
      '',
    ].join('\n'),
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await emulator.close();
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`emulator failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);

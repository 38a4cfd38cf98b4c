/** Run by emulator-process.ts in a process of its own: the AWS emulator on a free port until SIGTERM. */
import { startAwsEmulator } from '../../src/sandbox/aws/server';

async function main(): Promise<void> {
  const emulator = await startAwsEmulator();
  await emulator.ready;
  process.stdout.write(`AWS emulator listening on ${emulator.endpoint}\n`);
  await new Promise<void>((resolve) => process.once('SIGTERM', resolve));
  await emulator.close();
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`emulator failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);

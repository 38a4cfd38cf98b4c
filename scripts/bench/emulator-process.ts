/**
 * The AWS emulator in its own process (emulator-main.ts). Its database work (PGlite) then does not
 * hold up the bench's event loop, which times the acks and serves the Slack stand-in.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from '../bundle';

export interface EmulatorProcess {
  endpoint: string;
  stop(): Promise<void>;
}

const LISTENING = /AWS emulator listening on (\S+)/;
const START_TIMEOUT_MS = 60_000;

export async function startEmulatorProcess(): Promise<EmulatorProcess> {
  const child = spawn(path.join(repoRoot, 'node_modules', '.bin', 'tsx'), [path.join(__dirname, 'emulator-main.ts')], {
    env: { PATH: process.env.PATH },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  let output = '';
  try {
    const endpoint = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`the AWS emulator did not start within ${START_TIMEOUT_MS / 1000} s:\n${output}`)),
        START_TIMEOUT_MS,
      );
      const onData = (chunk: Buffer): void => {
        output += chunk.toString('utf8');
        const listening = LISTENING.exec(output);
        if (listening?.[1] !== undefined) {
          clearTimeout(timer);
          resolve(listening[1]);
        }
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      void exited.then(() => {
        clearTimeout(timer);
        reject(new Error(`the AWS emulator exited before it listened:\n${output}`));
      });
    });
    return { endpoint, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * serverless-offline (Serverless v3 line, loaded by osls as a plugin) serving serverless.yml's functions:
 * API Gateway's HTTP API on one port, Lambda's Invoke API on another, each function in its own worker
 * threads as Lambda runs instances. A child process, so its stop ends every function with it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { OSLS_BIN } from './service';

export interface OfflineOptions {
  stage: string;
  /** Where serverless.yml and the bundle it names are. */
  serviceDir: string;
  /** The region the functions run in (AWS_REGION inside them); serverless.yml's default when unset. */
  region?: string;
  host: string;
  httpPort: number;
  lambdaPort: number;
  /** The functions' environment: copied whole (`--localEnvironment`), then serverless.yml's on top. */
  env: NodeJS.ProcessEnv;
  /** Each line serverless-offline and the functions print. */
  output(line: string): void;
  /** How long to wait for "Server ready". */
  startTimeoutMs?: number;
}

export interface RunningOffline {
  stop(): Promise<void>;
}

const READY = /^Server ready: /;

function offlineArgs(options: Pick<OfflineOptions, 'stage' | 'region' | 'host' | 'httpPort' | 'lambdaPort'>): string[] {
  return [
    // serverless-offline does not await an asynchronous (Event) invocation, so a function that fails
    // would reject unhandled and end the whole stack; Lambda logs it and retries. Here it is logged.
    '--unhandled-rejections=warn',
    OSLS_BIN,
    'offline',
    'start',
    '--stage',
    options.stage,
    '--host',
    options.host,
    '--httpPort',
    String(options.httpPort),
    '--lambdaPort',
    String(options.lambdaPort),
    '--localEnvironment',
    '--noSponsor',
    ...(options.region === undefined ? [] : ['--region', options.region]),
  ];
}

export async function startOffline(options: OfflineOptions): Promise<RunningOffline> {
  const child = spawn(process.execPath, offlineArgs(options), {
    cwd: options.serviceDir,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const recent: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const ready = new Promise<void>((resolve, reject) => {
    const onLine = (line: string): void => {
      recent.push(line);
      if (recent.length > 15) recent.shift();
      options.output(line);
      if (READY.test(line.trim())) resolve();
    };
    createInterface({ input: child.stdout }).on('line', onLine);
    createInterface({ input: child.stderr }).on('line', onLine);
    child.once('error', reject);
    void exited.then((code) => reject(new Error(`serverless-offline exited (code ${code}) before it was ready:\n${recent.join('\n')}`)));
  });
  const timeoutMs = options.startTimeoutMs ?? 60_000;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`serverless-offline was not ready within ${timeoutMs / 1000} s:\n${recent.join('\n')}`)),
      timeoutMs,
    );
  });
  try {
    await Promise.race([ready, timedOut]);
  } catch (error) {
    await stopChild(child, exited);
    throw error;
  } finally {
    clearTimeout(timer);
  }
  return { stop: () => stopChild(child, exited) };
}

/** SIGTERM (serverless-offline ends its worker threads on it), then SIGKILL if it has not gone in 5 s. */
async function stopChild(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(killer);
}

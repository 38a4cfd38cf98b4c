import { installCrashHandler } from '../crash-point';

/**
 * Test facility: with CHATOPS_CRASH_AT=<point>[,<point>…] the process kills itself with SIGKILL the
 * first time it reaches one of the named points (see crashPoint calls in the code), so a crash test
 * can stop the real server at an exact step and restart it on the same store. Unset: nothing happens.
 */
export function installCrashPointsFromEnv(env: NodeJS.ProcessEnv): string[] {
  const points = (env.CHATOPS_CRASH_AT ?? '')
    .split(',')
    .map((point) => point.trim())
    .filter((point) => point.length > 0);
  if (points.length === 0) return [];
  installCrashHandler((point) => {
    if (!points.includes(point)) return;
    process.stderr.write(`redshift-chatops: crash point ${point} reached; killing the process (CHATOPS_CRASH_AT)\n`);
    process.kill(process.pid, 'SIGKILL');
  });
  return points;
}

/**
 * `burst`: 50 different commands at once on each bot (the server runtime, then the local Lambda
 * stack), every ack within Slack's 3 s. A bot that cannot start is reported and the next one runs.
 */
import type { BenchContext, BenchSection } from '../bench';
import { measureBurst, printBurst, type RunningBurstTarget } from './burst';
import { BURST_SIZE } from './burst-commands';
import { startLambdaLocalTarget } from './burst-lambda-local';
import { startServerTarget } from './burst-server';

/** The bots the section bursts, in order. */
export const burstTargets: Array<(context: BenchContext) => Promise<RunningBurstTarget>> = [startServerTarget, startLambdaLocalTarget];

export const burst: BenchSection = {
  name: 'burst',
  description:
    `${BURST_SIZE} different signed slash commands at once over HTTP to /slack/events, each ack timed from send to HTTP response ` +
    "(the server after one warm-up request; the Lambda stack's first burst, which starts its instances, printed apart)",
  async run(context) {
    for (const start of burstTargets) {
      let running: RunningBurstTarget;
      try {
        running = await start(context);
      } catch (error) {
        process.exitCode = 1;
        console.log(`could not start a bot to burst: ${error instanceof Error ? error.message : String(error)}`);
        continue;
      }
      try {
        printBurst(running.label, await measureBurst(running.target));
        const after = await running.afterwards?.();
        if (after !== undefined) console.log(`${running.label}: ${after}`);
      } finally {
        await running.stop();
      }
    }
  },
};

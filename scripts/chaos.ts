import { badRequestsArea } from './chaos/bad-requests';
import { burstsArea } from './chaos/bursts';
import { faultsArea } from './chaos/faults';
import { startHarness, uncaught, watchUncaught, type Harness } from './chaos/harness';
import { hostileArea } from './chaos/hostile';
import { killsArea } from './chaos/kills';
import { parseChaosArgs, type Area } from './chaos/options';
import { Random } from './chaos/random';
import { formatTable, summaryLine, type Tally } from './chaos/tally';

/**
 * `npm run chaos`: drives the real server runtime on the AWS emulator and the Slack stand-in with bad
 * requests, hostile inputs, bursts, AWS faults and kills, prints a table per area and ends with one
 * summary line. `--small` is the run `npm test` makes.
 */
async function main(): Promise<number> {
  const options = parseChaosArgs(process.argv.slice(2));
  if (options instanceof Error) {
    process.stderr.write(`${options.message}\n`);
    return 2;
  }
  process.stdout.write(`chaos: seed ${options.seed}${options.small ? ', small run' : ''}; areas ${options.areas.join(', ')}\n`);
  watchUncaught();
  const tallies: Tally[] = [];
  // One bot for the in-process areas: starting the emulator's warehouses is most of a small run's time.
  let shared: Harness | undefined;
  const run = async (area: Area): Promise<Tally> => {
    if (area === 'faults') return faultsArea(options.small);
    if (area === 'kills') return killsArea(options.small);
    shared ??= await startHarness();
    if (area === 'bad-requests') return badRequestsArea(shared, options.small);
    if (area === 'hostile') return hostileArea(shared, new Random(options.seed), options.hostile);
    return burstsArea(shared, options.small);
  };
  try {
    for (const area of options.areas) {
      const started = Date.now();
      const tally = await run(area);
      tally.notes.push(`took ${((Date.now() - started) / 1000).toFixed(1)} s`);
      tallies.push(tally);
      process.stdout.write(`${formatTable(tally)}\n`);
    }
  } finally {
    await shared?.stop();
  }
  if (uncaught.length > 0) process.stdout.write(`uncaught errors (each would end the bot's process): ${uncaught.length}\n`);
  process.stdout.write(`${summaryLine(tallies)}\n`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`chaos failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);

import { parseEnv } from '../config/env';
import { ConfigError } from '../config/errors';
import { loadConfig } from '../config/load';
import { reportLines, requiredMissing } from '../doctor/report';
import { parseTourOptions } from '../live/options';
import { runTour } from '../live/tour';
import { doctorFromEnv } from './doctor-env';

/**
 * `npm run test:live`: `npm run doctor`'s checks, then the bot run on this account (see src/live/tour.ts).
 * Exit status 0 only when no check is missing and every step of the tour did what it should.
 */
async function main(): Promise<number> {
  const env = parseEnv(process.env);
  const config = await loadConfig(env.configPath);
  const parsed = parseTourOptions(process.argv.slice(2), Object.keys(config.targets));
  if (!parsed.ok) {
    process.stderr.write(`${parsed.problem}\n`);
    return 2;
  }
  process.stdout.write(`redshift-chatops live check: ${env.configPath}\n`);
  const results = [...(await doctorFromEnv(env, config)), ...(await runTour(config, parsed.options))];
  process.stdout.write(`${reportLines(results, 'live check').join('\n')}\n`);
  return requiredMissing(results) === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ConfigError) process.stderr.write(`${error.problems.join('\n')}\n`);
    else process.stderr.write(`redshift-chatops live check could not run: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);

import { parseEnv } from '../config/env';
import { ConfigError } from '../config/errors';
import { loadConfig } from '../config/load';
import { reportLines, requiredMissing } from '../doctor/report';
import { doctorFromEnv } from './doctor-env';

/**
 * `npm run doctor`: the bot's own environment and chatops.yml, checked read-only (AWS, database,
 * Slack, store). Exit status 0 only when nothing required is missing.
 */
async function main(): Promise<number> {
  const env = parseEnv(process.env);
  const config = await loadConfig(env.configPath);
  const results = await doctorFromEnv(env, config);
  process.stdout.write(`redshift-chatops doctor: ${env.configPath}\n${reportLines(results).join('\n')}\n`);
  return requiredMissing(results) === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ConfigError) process.stderr.write(`${error.problems.join('\n')}\n`);
    else process.stderr.write(`redshift-chatops doctor could not run: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);

import type { ChatopsConfig } from './chatops';
import { ConfigError } from './errors';

/**
 * The build validates chatops.yml once and writes the result as JSON beside the Lambda bundle, so a
 * cold start reads plain JSON instead of loading YAML and the schemas (a bad file fails the build,
 * not the first request). The marker says the file came from that check.
 */
const COMPILED_FORMAT = 'redshift-chatops/config@1';

interface CompiledFile {
  format: string;
  source: string;
  config: ChatopsConfig;
}

export function compileConfig(config: ChatopsConfig, source: string): string {
  const file: CompiledFile = { format: COMPILED_FORMAT, source, config };
  return `${JSON.stringify(file, null, 2)}\n`;
}

export function readCompiledConfig(text: string, path: string): ChatopsConfig {
  let file: Partial<CompiledFile>;
  try {
    file = JSON.parse(text) as Partial<CompiledFile>;
  } catch {
    throw new ConfigError([`${path}: is not valid JSON; build it with \`npm run build\` from chatops.yml`]);
  }
  if (file.format !== COMPILED_FORMAT || typeof file.config !== 'object' || file.config === null) {
    throw new ConfigError([`${path}: was not written by \`npm run build\`; point CHATOPS_CONFIG at chatops.yml or rebuild`]);
  }
  return file.config;
}

import { readFileSync } from 'node:fs';
import type { ChatopsConfig } from './chatops';
import { readCompiledConfig } from './compiled';

/**
 * CHATOPS_CONFIG names chatops.yml, or the validated JSON the build writes beside the Lambda bundle.
 * The YAML parser and schemas are loaded only for YAML.
 */
export async function loadConfig(path: string): Promise<ChatopsConfig> {
  if (path.endsWith('.json')) return readCompiledConfig(readFileSync(path, 'utf8'), path);
  const { loadChatopsConfigFile } = await import('./chatops');
  return loadChatopsConfigFile(path);
}

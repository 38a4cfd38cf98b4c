import type { ChatopsConfig } from '../../config/chatops';

/** The targets a read-only command covers: the named one, or all of them. */
export function targetsFor(config: ChatopsConfig, target: string | undefined): string[] {
  return target ? [target] : Object.keys(config.targets);
}

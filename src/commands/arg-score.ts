/**
 * How much a word looks like each kind of argument, used to tell optional arguments apart
 * (`snapshot create 7` is a retention, `snapshot create prod` a target), and the value a misspelt
 * name most likely meant.
 */
import { periods, type ArgKind, type ArgSchemas } from './args';
import { closest } from './text';
import type { ParseContext } from './types';

/** For a misspelt name, the value the user most likely meant (used to build a corrected command). */
export function correction(kind: ArgKind, word: string, context: ParseContext): string | undefined {
  switch (kind) {
    case 'target':
      return closest(word, context.targets);
    case 'role':
      return closest(word, context.roles);
    case 'period':
      return closest(word, periods);
    default:
      return undefined;
  }
}

/**
 * How much `word` looks like an argument of `kind`: 2 = it is a valid one, 1 = it looks like one
 * (a typo of a name, a number that is out of range…), 0 = it does not.
 */
export function score(kind: ArgKind, word: string, context: ParseContext, schemas: ArgSchemas): 0 | 1 | 2 {
  // Any text is a valid reason, so a reason must never outbid a word that looks like something else.
  if (kind === 'reason') return 1;
  if (schemas[kind].safeParse(word).success) return 2;
  const looksLike = ((): boolean => {
    switch (kind) {
      case 'target':
      case 'role':
      case 'period':
        return correction(kind, word, context) !== undefined;
      case 'duration':
        return /^[0-9]/.test(word);
      case 'retentionDays':
        return /^-?[0-9]/.test(word) || closest(word, ['forever']) !== undefined;
      case 'backupDays':
        return /^-?[0-9]/.test(word);
      case 'copyRegion':
        return /^[a-z]{2}-/i.test(word) || closest(word, ['off']) !== undefined;
      case 'copyDays':
        return /^-?[0-9]/.test(word);
      case 'grantId':
        return /^g-/i.test(word);
      case 'recoveryPoint':
        return /^[0-9a-f]{8}-/i.test(word);
      case 'schemaTable':
        return word.includes('.');
      case 'schemaOrTable':
        return false;
      case 'snapshot':
      case 'restoreSource':
      case 'clusterName':
        return false;
    }
  })();
  return looksLike ? 1 : 0;
}

import { LineCounter, parseDocument } from 'yaml';
import { ConfigError, messageOf } from './errors';

/**
 * YAML text to plain data, or a ConfigError with one `source: line L, column C: …` line per syntax
 * error. Keys left empty (`identity:` with everything below commented out) count as absent.
 */
export function parseYaml(text: string, source: string): unknown {
  const lineCounter = new LineCounter();
  // merge: lets people share settings between roles with anchors and `<<:`.
  const doc = parseDocument(text, { lineCounter, merge: true, prettyErrors: false });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      doc.errors.map((error) => {
        const { line, col } = lineCounter.linePos(error.pos[0]);
        const message = error.code === 'MULTIPLE_DOCS' ? 'holds more than one YAML document (---); keep one' : error.message.split('\n')[0];
        return `${source}: line ${line}, column ${col}: ${message}`;
      }),
    );
  }
  try {
    return dropEmpty(doc.toJS());
  } catch (failure) {
    throw new ConfigError([`${source}: ${messageOf(failure)}`]);
  }
}

function dropEmpty(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(dropEmpty);
  if (value !== null && typeof value === 'object') {
    const kept: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) if (item !== null) kept[key] = dropEmpty(item);
    return kept;
  }
  return value;
}

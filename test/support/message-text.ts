import type { JsonObject } from '../../src/sandbox/slack';

/** A message as a person reads it: its text, then each block's text (sections and context elements). */
export function messageText(body: JsonObject): string {
  const blocks = Array.isArray(body.blocks) ? body.blocks : [];
  const texts = blocks.map((block) => {
    const text = (block as { text?: { text?: unknown } }).text?.text;
    const elements = (block as { elements?: Array<{ text?: unknown }> }).elements ?? [];
    return [text, ...elements.map((element) => element.text)].filter((t): t is string => typeof t === 'string').join('\n');
  });
  return [typeof body.text === 'string' ? body.text : '', ...texts].join('\n');
}

import type { types } from '@slack/bolt';
import { codeSpan, escapeMrkdwn, formatUtc, plural, truncate } from '../../slack-text';
import type { Reader, Visibility } from './types';

const SECTION_CHARS = 2_900;
/** Readers listed by name; a warehouse where hundreds can read a schema gets the count and the first ones. */
const MAX_READERS_SHOWN = 60;

const HOW_WORDS: Readonly<Record<Reader['how'], string>> = {
  superuser: 'superuser',
  owner: 'owner',
  direct: 'direct grant',
  role: 'through a role',
  group: 'through a group',
  public: 'PUBLIC (everyone)',
};

function readerLine(reader: Reader): string {
  const who = reader.who.kind === 'public' ? '*everyone* (PUBLIC)' : codeSpan(reader.who.name);
  const path = reader.path.length > 0 ? ` — ${reader.path.map((step) => escapeMrkdwn(step)).join(' → ')}` : '';
  const until = reader.temporaryUntil !== undefined ? ` :hourglass_flowing_sand: temporary, until ${formatUtc(reader.temporaryUntil)}` : '';
  return `• ${who}: ${HOW_WORDS[reader.how]}${path}${until}`;
}

/** `who`: everyone who can read `what` on `target`, grouped by how, and what the bot could not see. */
export function readersBlocks(target: string, what: string, readers: readonly Reader[], visibility: Visibility): types.KnownBlock[] {
  const headline =
    readers.length === 0
      ? `Nobody can read ${codeSpan(what)} on *${escapeMrkdwn(target)}*${visibility.complete ? '.' : ' that the bot can see.'}`
      : `${plural(readers.length, 'reader')} of ${codeSpan(what)} on *${escapeMrkdwn(target)}*:`;
  const lines = readers.slice(0, MAX_READERS_SHOWN).map(readerLine);
  if (readers.length > MAX_READERS_SHOWN) lines.push(`…and ${readers.length - MAX_READERS_SHOWN} more.`);
  const blocks: types.KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text: headline } }];
  // Sections of whole lines, each under Slack's limit.
  let chunk = '';
  for (const line of lines) {
    if (chunk && chunk.length + line.length + 1 > SECTION_CHARS) {
      blocks.push({ type: 'section', text: { type: 'mrkdwn', text: chunk } });
      chunk = '';
    }
    chunk = chunk ? `${chunk}\n${line}` : truncate(line, SECTION_CHARS);
  }
  if (chunk) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: chunk } });
  if (!visibility.complete)
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `:eyes: Not a complete answer: ${escapeMrkdwn(visibility.why)}` }] });
  return blocks;
}

import type { types } from '@slack/bolt';
import type { AuditRecord } from '../store/store';
import { renderAudit, type AuditNames } from './audit-sentence';

/** Slack takes 50 blocks a message; each record takes one or two. */
const MAX_BLOCKS = 50;
/** Keep one message within a few screens; Slack's own limit is far higher. */
export const MAX_MESSAGE_CHARS = 12_000;

export interface AuditMessage {
  /** The sentences, one a line: what notifications and clients without blocks show. */
  text: string;
  blocks: types.KnownBlock[];
}

/**
 * A record's blocks: its sentence, then its details (statement and payload) in code blocks in a
 * section of their own. A section renders ``` blocks at full size with their line breaks, where a
 * context block shrinks them, and keeping them in the same message (not a thread reply) costs one
 * Slack call per message instead of two per record and can never leave a sentence without its details.
 */
export function auditBlocks(record: AuditRecord, names: AuditNames = new Map()): { sentence: string; blocks: types.KnownBlock[] } {
  const { sentence, details } = renderAudit(record, names);
  const blocks: types.KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text: sentence } }];
  if (details) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: details } });
  return { sentence, blocks };
}

/** Records packed into messages, in order, within Slack's block count and MAX_MESSAGE_CHARS. */
export function auditMessages(records: readonly AuditRecord[], names: AuditNames = new Map()): AuditMessage[] {
  const messages: AuditMessage[] = [];
  let current: AuditMessage | undefined;
  let chars = 0;
  for (const record of records) {
    const { sentence, blocks } = auditBlocks(record, names);
    const size = blocks.reduce((sum, block) => sum + (block.type === 'section' ? (block.text?.text.length ?? 0) : 0), 0);
    if (current && (current.blocks.length + blocks.length > MAX_BLOCKS || chars + size > MAX_MESSAGE_CHARS)) {
      messages.push(current);
      current = undefined;
    }
    if (!current) {
      current = { text: sentence, blocks: [...blocks] };
      chars = size;
    } else {
      current.text = `${current.text}\n${sentence}`;
      current.blocks.push(...blocks);
      chars += size;
    }
  }
  if (current) messages.push(current);
  return messages;
}

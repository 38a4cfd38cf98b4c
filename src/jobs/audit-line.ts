import { escapeMrkdwn, truncate } from '../slack-text';
import type { AuditRecord } from '../store/store';

/** Longest JSON shown for an input or a result; the store keeps the whole record. */
const MAX_PART_CHARS = 400;
/** Slack shows up to 40,000 characters of text; stay well within one screen per message. */
export const MAX_MESSAGE_CHARS = 3500;

function part(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const json = typeof value === 'string' ? value : JSON.stringify(value);
  // Escaped, so recorded text (a reason, an error) can never mention anyone or end the code span.
  return escapeMrkdwn(truncate(json, MAX_PART_CHARS).replace(/`/g, "'"));
}

/**
 * One record as one line of the audit channel: when, what, on what, who, what went in, what came back.
 * `name` is the actor's display name (the id when unknown); names are not mentions, so nobody is pinged.
 */
export function auditLine(record: AuditRecord, name: string): string {
  const time = new Date(record.at).toISOString().slice(0, 19).replace('T', ' ');
  const head = `\`${time}Z\` *${escapeMrkdwn(record.action)}* · ${escapeMrkdwn(record.target)} · by ${escapeMrkdwn(name)}`;
  const input = part(record.input);
  const result = part(record.result);
  return [head, input && `in \`${input}\``, result && `→ \`${result}\``].filter(Boolean).join(' ');
}

/** Lines grouped into messages of at most MAX_MESSAGE_CHARS, in order. */
export function auditMessages(lines: readonly string[]): string[] {
  const messages: string[] = [];
  let current = '';
  for (const line of lines) {
    if (current && current.length + 1 + line.length > MAX_MESSAGE_CHARS) {
      messages.push(current);
      current = '';
    }
    current = current ? `${current}\n${line}` : line;
  }
  if (current) messages.push(current);
  return messages;
}

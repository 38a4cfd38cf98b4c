import type { Json } from '../types';
import { isMap, str } from './json';
import { mrkdwnToHtml, plainToHtml } from './mrkdwn';
import type { Reader } from './reader';

/** A Block Kit text object as HTML: mrkdwn formatted, plain_text escaped. */
export function textObjectToHtml(value: Json | undefined, reader: Reader): string {
  if (!isMap(value)) return '';
  const text = str(value, 'text') ?? '';
  return str(value, 'type') === 'mrkdwn' ? mrkdwnToHtml(text, reader) : plainToHtml(text);
}

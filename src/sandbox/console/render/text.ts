import type { Directory, Json } from '../types';
import { isMap, str } from './json';
import { mrkdwnToHtml, plainToHtml } from './mrkdwn';

/** A Block Kit text object as HTML: mrkdwn formatted, plain_text escaped. */
export function textObjectToHtml(value: Json | undefined, directory: Directory): string {
  if (!isMap(value)) return '';
  const text = str(value, 'text') ?? '';
  return str(value, 'type') === 'mrkdwn' ? mrkdwnToHtml(text, directory) : plainToHtml(text);
}

import { escapeMrkdwn } from '../../slack-text';

export { bytesText, mbText, usd } from '../shared/figures';

/** Numbers as people read them in Slack (pure). */

export function percentText(percent: number): string {
  return `${percent >= 10 ? percent.toFixed(0) : percent.toFixed(1)} %`;
}

/** "+12 %" / "−8 %" / "new" against a previous figure. */
export function changeText(change: number | undefined): string {
  if (change === undefined) return 'new';
  if (Math.abs(change) < 0.5) return '±0 %';
  return `${change > 0 ? '+' : '−'}${Math.abs(change).toFixed(0)} %`;
}

export function hoursText(hours: number): string {
  return hours >= 10 ? `${hours.toFixed(0)} h` : `${hours.toFixed(1)} h`;
}

/** Text from the warehouse (query text, table names) inside mrkdwn: no markup, no mentions. */
export function plain(text: string, max = 80): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const cut = flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
  return escapeMrkdwn(cut).replace(/`/g, "'");
}

const BLOCKS = '▁▂▃▄▅▆▇█';

/** A sparkline of block characters: the lowest value the lowest block, the highest the full one. */
export function sparkline(values: readonly number[]): string {
  if (values.length === 0) return '';
  const max = Math.max(...values);
  const min = Math.min(...values);
  if (max === min) return (max === 0 ? BLOCKS[0] : BLOCKS[3]).repeat(values.length);
  return values.map((value) => BLOCKS[Math.round(((value - min) / (max - min)) * (BLOCKS.length - 1))]).join('');
}

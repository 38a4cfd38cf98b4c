import { formatDuration } from '../../config/duration';

/** Words shared by the access messages. */

/** A time Slack shows in each reader's own zone, with UTC as the fallback text. */
export function slackTime(ms: number): string {
  const fallback = `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return `<!date^${Math.floor(ms / 1000)}^{date_short_pretty} {time}|${fallback}>`;
}

export function durationWords(ms: number): string {
  return formatDuration(ms);
}

export function grantLabel(role: string, target: string): string {
  return `\`${role}\` on *${target}*`;
}

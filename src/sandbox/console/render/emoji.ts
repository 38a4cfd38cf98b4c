/** The emoji codes the bot writes, as characters; an unknown code stays as typed, as Slack shows it. */
const EMOJI: Record<string, string> = {
  warning: '⚠️',
  x: '❌',
  no_entry: '⛔',
  no_entry_sign: '🚫',
  white_check_mark: '✅',
  hourglass_flowing_sand: '⏳',
  hourglass: '⌛',
  lock: '🔒',
  unlock: '🔓',
  key: '🔑',
  wastebasket: '🗑️',
  rotating_light: '🚨',
  red_circle: '🔴',
  large_yellow_circle: '🟡',
  large_orange_circle: '🟠',
  large_green_circle: '🟢',
  white_circle: '⚪',
  incoming_envelope: '📨',
  inbox_tray: '📥',
  information_source: 'ℹ️',
  camera: '📷',
  calendar: '📅',
  broom: '🧹',
  rewind: '⏪',
  mag: '🔍',
  zzz: '💤',
  moneybag: '💰',
  double_vertical_bar: '⏸️',
  arrow_forward: '▶️',
  wrench: '🔧',
  twisted_rightwards_arrows: '🔀',
  gear: '⚙️',
  bust_in_silhouette: '👤',
  bar_chart: '📊',
  arrows_counterclockwise: '🔄',
  idle: '💤',
};

function emojiFor(code: string): string | undefined {
  return EMOJI[code];
}

export function replaceEmoji(text: string): string {
  return text.replace(/:([a-z0-9_+-]+):/g, (whole, code: string) => emojiFor(code) ?? whole);
}

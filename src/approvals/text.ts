/** The mrkdwn helpers live in src/slack-text.ts, below every layer; re-exported for the modules that still import them from here. */
export { codeBlock, codeSpan, escapeMrkdwn, formatUtc, listOf, mention, plural, truncate } from '../slack-text';

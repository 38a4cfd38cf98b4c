/** Text helpers for the grammar: Slack's odd characters, word splitting, "did you mean", safe echo. */
import { codePoint, INVISIBLE_CHARACTER, lookAlikeProblem } from '../redshift/sql';
import { freeTextProblem } from './free-text';

/** A word of the command and where it starts in the normalised text (the reason is sliced from there). */
export interface Token {
  text: string;
  start: number;
}

// Slack clients send no-break and other Unicode spaces; treat them as plain spaces so they split words.
const UNICODE_SPACES = /[\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]/g;

/**
 * Only visible spaces become plain spaces. Invisible characters (zero-width, bidi controls…) are kept,
 * so `hiddenCharacter` can refuse them: deleting them would turn `pii.cus<ZWSP>tomers` into a real
 * table name the user never saw typed.
 */
export function normalise(text: string): string {
  return text.replace(UNICODE_SPACES, ' ');
}

/**
 * Why a word (a name, a number, a keyword) is not exactly what it looks like, or undefined: the same
 * rule redshift/sql applies to identifiers, so such words are refused, never cleaned up.
 */
export const hiddenCharacter = lookAlikeProblem;

/** Why free text (a reason) cannot be shown as typed: the one rule of ./free-text, for every reason. */
export const hiddenInText = freeTextProblem;

export function tokenise(text: string): Token[] {
  const tokens: Token[] = [];
  for (const match of text.matchAll(/\S+/g)) {
    tokens.push({ text: match[0], start: match.index ?? 0 });
  }
  return tokens;
}

// Pairs of opening/closing quotes Slack or a keyboard may produce (smart quotes included).
const QUOTE_PAIRS: ReadonlyArray<readonly [string, string]> = [
  ['"', '"'],
  ["'", "'"],
  ['\u201C', '\u201D'],
  ['\u2018', '\u2019'],
  ['\u201E', '\u201C'],
  ['`', '`'],
];

const ANY_QUOTE = /["'`\u2018\u2019\u201C\u201D\u201E]/;

/**
 * `“prod”` -> `prod`: a word wrapped in one pair of quotes means the word itself. A word with more
 * quotes inside (`"pii"."customers"`) is left alone, so the error shows what was typed.
 */
export function unquote(word: string): string {
  for (const [open, close] of QUOTE_PAIRS) {
    if (word.length > 2 && word.startsWith(open) && word.endsWith(close)) {
      const inner = word.slice(open.length, word.length - close.length);
      return ANY_QUOTE.test(inner) ? word : inner;
    }
  }
  return word;
}

/** Optimal string alignment distance: Levenshtein plus adjacent swaps (`snapshto` is 1 from `snapshot`). */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, d[i - 2][j - 2] + 1);
      }
      d[i][j] = best;
    }
  }
  return d[rows - 1][cols - 1];
}

// Longer words than this are never typos of a name we know; skipping them keeps hostile input cheap.
const MAX_TYPO_LENGTH = 64;

/**
 * The candidate closest to `word` (case-insensitive), if it is close enough to be a typo:
 * one edit for short names, two for longer ones.
 */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  if (word.length > MAX_TYPO_LENGTH) return undefined;
  const lower = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(lower, candidate.toLowerCase());
    const allowed = candidate.length <= 4 ? 1 : 2;
    if (distance <= allowed && distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** The candidate equal to `word` ignoring case, in the candidate's own spelling. */
export function findIgnoringCase(word: string, candidates: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  return candidates.find((candidate) => candidate.toLowerCase() === lower);
}

const MAX_ECHO = 40;

/**
 * User text echoed inside `code` in an error message. Slack mrkdwn would otherwise act on it:
 * `<!channel>` pings everyone, a backtick ends the code span, `&` starts an entity.
 */
export function show(word: string): string {
  const short = [...word].length > MAX_ECHO ? [...word].slice(0, MAX_ECHO).join('') + '…' : word;
  return '`' + escapeEcho(short) + '`';
}

/** User text made safe to place inside a code span in mrkdwn (what `show` does, without cutting or the backticks). */
export function escapeEcho(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/`/g, "'")
    .replace(/[\u0000-\u001F\u007F]/g, '�')
    .replace(new RegExp(INVISIBLE_CHARACTER.source, 'gu'), (char) => `&lt;${codePoint(char)}&gt;`);
}

/** `a`, `a or b`, `a, b or c`. */
export function oneOf(words: readonly string[], joiner = 'or'): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} ${joiner} ${words[words.length - 1]}`;
}

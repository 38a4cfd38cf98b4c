import { z } from 'zod';
import { DURATION_HINT, parseDuration } from './duration';
import { describeValue, problem, problemText } from './errors';
import { REDSHIFT_NAME_RE, TARGET_NAME_RE } from './names';

export { problemText };

/**
 * Building blocks for the config schemas. Every schema here carries its own message, of the form
 * `<value> is not <what>; <how to fix>` (or `is missing; <how to fix>`), so a problem line tells the
 * reader both what was wrong and what would be right.
 */


/** Close enough to be a typo: same letters ignoring case, `_` and `-`, or a small edit distance. */
function looksLike(typed: string, known: string): boolean {
  const squash = (text: string) => text.toLowerCase().replace(/[_-]/g, '');
  if (squash(typed) === squash(known)) return true;
  return editDistance(typed.toLowerCase(), known.toLowerCase()) <= Math.max(1, Math.floor(known.length / 4));
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

function unknownKeyMessage(key: string, allowed: readonly string[]): string {
  const guess = allowed.find((known) => looksLike(key, known));
  const hint = guess ? ` (did you mean ${guess}?)` : '';
  return `is not a known field${hint}; allowed here: ${allowed.join(', ')}`;
}

/**
 * A mapping whose unknown keys are errors, so a typo is reported rather than silently ignored. The
 * unknown-keys message has one line per key; issuesToProblems splits it into one problem each.
 */
export function strictObject<Shape extends z.core.$ZodLooseShape>(shape: Shape, fix: string) {
  const allowed = Object.keys(shape);
  return z.strictObject(shape, {
    error: (issue) => {
      if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => unknownKeyMessage(key, allowed)).join('\n');
      return issue.input === undefined ? `is missing; ${fix}` : `${describeValue(issue.input)} is not a mapping; ${fix}`;
    },
  });
}

/** A string that must pass `test`; `what` and `fix` make the message. */
export function text(what: string, fix: string, test: (value: string) => boolean) {
  const message = problem(what, fix);
  // abort: checks that compare fields (superRefine above this one) only ever see valid values.
  return z.string({ error: message }).refine(test, { error: message, abort: true });
}

export function pattern(what: string, fix: string, regex: RegExp) {
  return text(what, fix, (value) => regex.test(value));
}

export function flag() {
  return z.boolean({ error: problem('true or false', 'write true or false (without quotes)') });
}

/** A number in [min, max]; `whole` for counts. A quoted number gets told to lose the quotes. */
export function numberIn(min: number, max: number, options: { whole?: boolean; example: string }) {
  const kind = options.whole ? 'a whole number' : 'a number';
  const range = max === Infinity ? `${min} or more` : `from ${min} to ${max}`;
  const message = (issue: z.core.$ZodRawIssue): string => {
    if (issue.input === undefined) return `is missing; use ${kind} ${range}, such as ${options.example}`;
    const quoted = typeof issue.input === 'string' && issue.input.trim() !== '' && !Number.isNaN(Number(issue.input));
    return `${describeValue(issue.input)} is not ${kind} ${range}; ${quoted ? 'write it without quotes' : 'use one'}, such as ${options.example}`;
  };
  return z
    .number({ error: message })
    .refine((value) => Number.isFinite(value) && value >= min && value <= max && (!options.whole || Number.isInteger(value)), {
      error: message,
      abort: true,
    });
}

export function list<Item extends z.ZodType>(item: Item, fix: string) {
  return z.array(item, {
    error: (issue) => (issue.input === undefined ? `is missing; ${fix}` : `${describeValue(issue.input)} is not a list; ${fix}`),
  });
}

/** A map from names to values, such as `targets:` or `access.roles:`. */
export function mapOf<Key extends z.core.$ZodRecordKey, Value extends z.ZodType>(key: Key, value: Value, fix: string) {
  return z.record(key, value, {
    error: (issue) => (issue.input === undefined ? `is missing; ${fix}` : `${describeValue(issue.input)} is not a mapping; ${fix}`),
  });
}

export const targetName = pattern(
  'a target name',
  'use up to 40 lower-case letters, digits, - or _, starting with a letter, such as prod',
  TARGET_NAME_RE,
);

export function redshiftName(what: string, example: string) {
  return pattern(
    what,
    `use a Redshift name in lower case: a letter or _ first, then letters, digits, _ or $, at most 127 characters, such as ${example}`,
    REDSHIFT_NAME_RE,
  );
}

export const slackUserId = pattern('a Slack user id', 'use an id such as U0ANALYST (profile > ... > Copy member ID)', /^[UW][A-Z0-9]{2,}$/);
const slackUsergroupId = pattern(
  'a Slack user group id',
  'use an id such as S0DATALEADS (user group > ... > Copy group ID)',
  /^S[A-Z0-9]{2,}$/,
);
export function slackChannelId(example: string) {
  return pattern('a Slack channel id', `use an id such as ${example} (channel details > About, at the bottom), not the #name`, /^[CGD][A-Z0-9]{2,}$/);
}

export const userList = list(slackUserId, 'list Slack user ids, such as [U0APPROVER, U0ADMIN]');
export const usergroupList = list(slackUsergroupId, 'list Slack user group ids, such as [S0DATALEADS]');

function durationProblem(input: unknown): string {
  return input === undefined ? `is missing; ${DURATION_HINT}` : `${describeValue(input)} is not a duration; ${DURATION_HINT}`;
}

/** A duration field: text in, milliseconds out. */
export const durationSchema = z.string({ error: (issue) => durationProblem(issue.input) }).transform((text, ctx) => {
  const ms = parseDuration(text);
  if (ms === undefined) {
    ctx.addIssue({ code: 'custom', message: durationProblem(text), input: text });
    return z.NEVER;
  }
  return ms;
});

import type { z } from 'zod';

/**
 * A configuration that cannot be used. `problems` holds one line per problem, each naming where it is
 * (`chatops.yml: access.roles.pii_users.maxDuration: …`), so start-up can print them and stop.
 */
export class ConfigError extends Error {
  readonly problems: string[];

  constructor(problems: string[]) {
    super(problems.join('\n'));
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/** A field path as people write it: `access.roles.pii_users.maxDuration`, `schedules[2].cron`, `nodeHour["dc2.large"]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const part of path) {
    if (typeof part === 'number') text += `[${part}]`;
    else {
      const key = String(part);
      if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(key)) text += text === '' ? key : `.${key}`;
      else text += `[${JSON.stringify(key)}]`;
    }
  }
  return text;
}

/** How a bad value is shown inside a message: strings quoted, short, never a dump of a whole section. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (value === null) return 'an empty value';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return String(value);
}

/** One problem line: `source: path: message`, or `source: message` for the whole file. */
function problemLine(source: string, path: readonly PropertyKey[], message: string): string {
  const where = formatPath(path);
  return where === '' ? `${source}: ${message}` : `${source}: ${where}: ${message}`;
}

/**
 * Turns zod issues into problem lines. Unknown keys become one line each (the strict-object helper in
 * fields.ts writes one message line per key, in the issue's key order); a bad record key reports the
 * key schema's own message.
 */
export function issuesToProblems(issues: readonly z.core.$ZodIssue[], source: string): string[] {
  const lines: string[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      const parts = issue.message.split('\n');
      issue.keys.forEach((key, index) => {
        const message = parts.length === issue.keys.length ? parts[index] : 'is not a known field';
        lines.push(problemLine(source, [...issue.path, key], message));
      });
    } else if (issue.code === 'invalid_key' && issue.issues.length > 0) {
      lines.push(problemLine(source, issue.path, issue.issues[0].message));
    } else {
      lines.push(problemLine(source, issue.path, issue.message));
    }
  }
  return [...new Set(lines)];
}

/** The message of anything thrown (Node errors may come from another realm, so no instanceof). */
export function messageOf(failure: unknown): string {
  if (typeof failure === 'object' && failure !== null && 'message' in failure) return String(failure.message);
  return String(failure);
}

/** The usual ending of a failed safeParse (zod or zod/mini): a ConfigError with every problem. */
export function configErrorFromZod(error: { issues: readonly z.core.$ZodIssue[] }, source: string): ConfigError {
  return new ConfigError(issuesToProblems(error.issues, source));
}

/** `<value> is not <what>; <fix>`, or `is missing; <fix>`: what was wrong and what would be right. */
export function problemText(what: string, fix: string, input: unknown): string {
  return input === undefined ? `is missing; ${fix}` : `${describeValue(input)} is not ${what}; ${fix}`;
}

export function problem(what: string, fix: string): (issue: z.core.$ZodRawIssue) => string {
  return (issue) => problemText(what, fix, issue.input);
}

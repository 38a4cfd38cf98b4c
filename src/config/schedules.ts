import { CronExpressionParser } from 'cron-parser';
import { z } from 'zod';
import { describeValue, messageOf } from './errors';
import { flag, list, pattern, problemText, strictObject, targetName } from './fields';

/** Everything a schedule can run; features register a runner per task. */
export const scheduleTasks = ['access.expire', 'jobs.advance', 'cost.budgets', 'cost.digest', 'vacuum.reminder', 'lifecycle.maintenance', 'permissions.drift'] as const;
export type ScheduleTask = (typeof scheduleTasks)[number];

/** The span a cost digest covers. */
const digestPeriods = ['day', 'week', 'month'] as const;
export type DigestPeriod = (typeof digestPeriods)[number];

const CRON_HINT =
  'use 5 fields (minute hour day-of-month month day-of-week) or 6 with seconds first, such as "0 9 * * 1" or "*/30 * * * * *"';

/** Why a cron expression is unusable, or undefined when both node-cron and the tick can run it. */
export function cronProblem(expression: string): string | undefined {
  const fields = expression.trim().split(/\s+/);
  if (fields.length < 5 || fields.length > 6) return `has ${fields.length} field${fields.length === 1 ? '' : 's'}`;
  // cron-parser accepts Jenkins-style H, which node-cron (the server runtime) rejects.
  if (fields.some((field) => /(^|[^A-Za-z])H($|[^A-Za-z])/.test(field))) return 'uses H, which node-cron does not support';
  try {
    CronExpressionParser.parse(expression, { tz: 'UTC' });
    return undefined;
  } catch (failure) {
    return messageOf(failure);
  }
}

/** The IANA name Intl knows the zone by (`europe/london` -> `Europe/London`), or undefined. */
export function canonicalTimeZone(name: string): string | undefined {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

const TZ_HINT = 'use an IANA time zone name, such as UTC, Europe/London or America/New_York';

const cronSchema = z.string({ error: (issue) => problemText('a cron expression', CRON_HINT, issue.input) }).check((payload) => {
  const why = cronProblem(payload.value);
  if (why) {
    payload.issues.push({
      code: 'custom',
      input: payload.value,
      message: `${describeValue(payload.value)} is not a valid cron expression (${why}); ${CRON_HINT}`,
    });
  }
});

const timezoneSchema = z
  .string({ error: (issue) => problemText('a time zone', TZ_HINT, issue.input) })
  .transform((name, ctx) => {
    const zone = canonicalTimeZone(name);
    if (zone === undefined) {
      ctx.addIssue({ code: 'custom', input: name, message: problemText('a time zone', TZ_HINT, name) });
      return z.NEVER;
    }
    return zone;
  });

const taskSchema = z.enum(scheduleTasks, {
  error: (issue) => problemText('a schedule task', `use one of ${scheduleTasks.join(', ')}`, issue.input),
});

export const scheduleSchema = strictObject(
  {
    name: pattern('a schedule name', 'use lower-case letters, digits and -, starting with a letter, such as billing-digest', /^[a-z][a-z0-9-]*$/),
    task: taskSchema,
    cron: cronSchema,
    timezone: timezoneSchema.prefault('UTC'),
    enabled: flag().default(true),
    targets: list(targetName, 'list target names from targets:, such as [prod]').optional(),
    period: z
      .enum(digestPeriods, { error: (issue) => problemText('a digest period', `use one of ${digestPeriods.join(', ')}`, issue.input) })
      .optional(),
  },
  'give each schedule a name, a task and a cron expression, such as { name: billing-digest, task: cost.digest, cron: "0 9 * * *" }',
).superRefine((schedule, ctx) => {
  if (schedule.period !== undefined && schedule.task !== 'cost.digest') {
    ctx.addIssue({
      code: 'custom',
      path: ['period'],
      message: `only applies to task cost.digest; remove it from this ${schedule.task} schedule`,
    });
  }
}).transform((schedule) => (schedule.task === 'cost.digest' ? { ...schedule, period: schedule.period ?? 'day' } : schedule));

export type ScheduleInput = z.input<typeof scheduleSchema>;

/** What runs when chatops.yml has no `schedules:` key. */
export const defaultSchedules: readonly ScheduleInput[] = [
  { name: 'access-expiry', task: 'access.expire', cron: '* * * * *' },
  { name: 'jobs-advance', task: 'jobs.advance', cron: '* * * * *' },
  { name: 'cost-budgets', task: 'cost.budgets', cron: '0 * * * *' },
  { name: 'billing-digest', task: 'cost.digest', cron: '0 9 * * *', period: 'day' },
  { name: 'billing-digest-weekly', task: 'cost.digest', cron: '0 9 * * 1', period: 'week' },
  { name: 'vacuum-reminder', task: 'vacuum.reminder', cron: '0 10 * * 1' },
  { name: 'maintenance-check', task: 'lifecycle.maintenance', cron: '0 8 * * *' },
  { name: 'permissions-drift', task: 'permissions.drift', cron: '0 7 * * 1' },
];

export const schedulesSchema = list(scheduleSchema, 'list schedules, each with name, task and cron').prefault(() => [...defaultSchedules]);

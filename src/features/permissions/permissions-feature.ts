import { codeSpan, listOf } from '../../slack-text';
import type { Feature } from '../types';
import { lazyJob } from '../shared/lazy-job';
import { BASELINE_JOB, CHECK_JOB, WHO_JOB, type BaselineJob, type CheckJob, type WhoJob } from './job-types';
import { baselineTargets, nameATargetText, noBaselineText } from './targets';

/**
 * `/redshift grants check|baseline [target]` and `/redshift who <schema[.table]> [target]`: the standing
 * permissions declared in chatops.yml (`permissions`) against what the warehouse holds, read from
 * Redshift's privilege views (observe.ts), and who can read a schema or table.
 *
 *   grants check [target]    → CHECK_JOB (observe, drift.ts: each difference with the statements that fix it) → answer.
 *   grants baseline <target> → BASELINE_JOB (observe, baseline-yaml.ts: the block to adopt) → answer.
 *   who <schema[.table]> <target> → WHO_JOB (observe, who.ts: superusers, owners, grants, roles, groups, PUBLIC) → answer.
 * Nothing follows any of them; they change nothing. `grants apply` is listed in catalog.ts as still being built.
 */
export const permissionsFeature: Feature<'grants.check' | 'grants.baseline' | 'who'> = {
  name: 'permissions as code',
  commands: {
    async 'grants.check'({ command, ack, ports, requestKey, userId, responseUrl }) {
      const declared = baselineTargets(ports.config);
      const targets = command.target ? declared.filter((t) => t === command.target) : declared;
      if (targets.length === 0) {
        await ack({ text: noBaselineText(ports.config, command.target) });
        return;
      }
      await ports.jobs.enqueue({
        idempotencyKey: requestKey,
        type: CHECK_JOB,
        payload: { targets, replyTo: { responseUrl } } satisfies CheckJob,
        actor: userId,
      });
      await ack({ text: `Comparing the permissions of ${listOf(targets.map((t) => `*${t}*`))} with chatops.yml…` });
    },
    async 'grants.baseline'({ command, ack, ports, requestKey, userId, responseUrl }) {
      if (!command.target) {
        await ack({ text: nameATargetText(ports.config, 'grants baseline <target>') });
        return;
      }
      const job: BaselineJob = { target: command.target, replyTo: { responseUrl } };
      await ports.jobs.enqueue({ idempotencyKey: requestKey, type: BASELINE_JOB, payload: job, actor: userId });
      await ack({ text: `Reading the permissions of *${command.target}*…` });
    },
    async who({ command, ack, ports, requestKey, userId, responseUrl }) {
      if (!command.schema) {
        await ack({ text: `Name a schema or table: \`/redshift who pii\` or \`/redshift who pii.customers\`. Nothing was run.` });
        return;
      }
      if (!command.target) {
        await ack({
          text: nameATargetText(ports.config, `who ${command.table ? `${command.schema}.${command.table}` : command.schema} <target>`),
        });
        return;
      }
      const job: WhoJob = {
        target: command.target,
        schema: command.schema,
        ...(command.table ? { table: command.table } : {}),
        replyTo: { responseUrl },
      };
      await ports.jobs.enqueue({ idempotencyKey: requestKey, type: WHO_JOB, payload: job, actor: userId });
      const what = command.table ? `${command.schema}.${command.table}` : command.schema;
      await ack({ text: `Looking up who can read ${codeSpan(what)} on *${command.target}*…` });
    },
  },
  // Loaded on the job's first run: observing, comparing and printing stay out of the `slack` function's cold start.
  jobs: {
    [CHECK_JOB]: lazyJob(async () => (await import('./check-job')).checkJob),
    [BASELINE_JOB]: lazyJob(async () => (await import('./baseline-job')).baselineJob),
    [WHO_JOB]: lazyJob(async () => (await import('./who-job')).whoJob),
  },
};

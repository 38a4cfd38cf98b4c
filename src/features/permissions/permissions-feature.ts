import { codeSpan, listOf } from '../../slack-text';
import type { Feature } from '../types';
import { lazyJob } from '../shared/lazy-job';
import {
  APPLY_JOB,
  BASELINE_JOB,
  CHECK_JOB,
  PLAN_JOB,
  WHO_JOB,
  type BaselineJob,
  type CheckJob,
  type PlanJob,
  type WhoJob,
} from './job-types';
import { baselineTargets, nameATargetText, noBaselineText } from './targets';

/**
 * `/redshift grants check|baseline [target]` and `/redshift who <schema[.table]> [target]`: the standing
 * permissions declared in chatops.yml (`permissions`) against what the warehouse holds, read from
 * Redshift's privilege views (observe.ts), and who can read a schema or table.
 *
 *   grants check [target]    → CHECK_JOB (observe, drift.ts: each difference with the statements that fix it) → answer.
 *   grants baseline <target> → BASELINE_JOB (observe, baseline-yaml.ts: the block to adopt) → answer.
 *   who <schema[.table]> <target> → WHO_JOB (observe, who.ts: superusers, owners, grants, roles, groups, PUBLIC) → answer.
 *     These three change nothing and nothing follows them.
 *   grants apply <target> → PLAN_JOB (policies.permissions, drift; refuses an incomplete view) → approval request with the
 *     exact statements → approved → APPLY_JOB (apply-run.ts: re-reads the drift, runs only approved statements still
 *     needed, verifies with the same views) → notes in the request's threads. No approvals needed: PLAN_JOB applies at once.
 *   `permissions.drift` task (weekly) → drift-task.ts: new differences to the alerts channel, each once.
 */
export const permissionsFeature: Feature<'grants.check' | 'grants.apply' | 'grants.baseline' | 'who'> = {
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
    async 'grants.apply'({ command, ack, ports, requestKey, userId, responseUrl }) {
      if (!command.target) {
        await ack({ text: nameATargetText(ports.config, 'grants apply <target>') });
        return;
      }
      if (!baselineTargets(ports.config).includes(command.target)) {
        await ack({ text: noBaselineText(ports.config, command.target) });
        return;
      }
      // Who may ask is checked in the job: a usergroup lookup must not hold the answer.
      const job: PlanJob = { target: command.target, requester: userId, replyTo: { responseUrl }, requestKey };
      await ports.jobs.enqueue({ idempotencyKey: requestKey, type: PLAN_JOB, payload: job, actor: userId });
      await ack({ text: `Working out what it takes to bring *${command.target}* back to its baseline…` });
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
  tasks: (context) => ({
    'permissions.drift': async (run) => {
      const { postNewDrift } = await import('./drift-task');
      await postNewDrift(context, run);
    },
  }),
  // Loaded on the job's first run: observing, comparing and printing stay out of the `slack` function's cold start.
  jobs: {
    [CHECK_JOB]: lazyJob(async () => (await import('./check-job')).checkJob),
    [BASELINE_JOB]: lazyJob(async () => (await import('./baseline-job')).baselineJob),
    [WHO_JOB]: lazyJob(async () => (await import('./who-job')).whoJob),
    [PLAN_JOB]: lazyJob(async () => (await import('./apply-plan-job')).planApplyJob),
    [APPLY_JOB]: lazyJob(async () => (await import('./apply-job')).applyJob),
  },
};

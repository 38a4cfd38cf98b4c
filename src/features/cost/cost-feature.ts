import { targetsFor } from '../shared/targets';
import type { Feature } from '../types';
import { registerCostActions } from './actions';
import { checkBudgets } from './alerts';
import { postDigest } from './digest-task';
import { PERIOD_WORDS } from './periods';
import { REPORT_JOB, reportJob, type ReportJob } from './report-job';
import { LIMIT_JOB, LIMIT_OPEN_JOB, limitJob, limitOpenJob } from './usage-limit';

/**
 * Cost reports, budget alerts with their actions, idle-cluster suggestions and the billing digest.
 *
 *   /redshift cost [target] [period] → REPORT_JOB (reportJob: adds up the cost, answers). Nothing follows.
 *   `cost.budgets` task → alert with buttons (actions.ts):
 *     Pause → the lifecycle feature's PREVIEW_JOB, and on from there as `/redshift pause` goes;
 *     Set a usage limit → LIMIT_JOB at once when no approval is needed, else LIMIT_OPEN_JOB (opens the
 *       approval request) → approved → LIMIT_JOB (its executor).
 *   `cost.digest` task → posts the digest. Nothing follows.
 */
export const costFeature: Feature<'cost'> = {
  name: 'cost reports',
  commands: {
    async cost({ command, ack, ports, requestKey, userId, responseUrl }) {
      const { target, period } = command;
      const targets = targetsFor(ports.config, target);
      const job: ReportJob = { targets, period, requester: userId, replyTo: { responseUrl } };
      await ports.jobs.enqueue({ idempotencyKey: requestKey, type: REPORT_JOB, payload: job, actor: userId });
      await ack({ text: `:moneybag: Adding up ${PERIOD_WORDS[period]}'s cost of ${targets.join(', ')}…` });
    },
  },
  register: registerCostActions,
  jobs: { [REPORT_JOB]: reportJob, [LIMIT_OPEN_JOB]: limitOpenJob, [LIMIT_JOB]: limitJob },
  tasks: (context) => ({
    'cost.budgets': async (run) => {
      await checkBudgets(context, run);
    },
    'cost.digest': async (run) => {
      await postDigest(context, run);
    },
  }),
};

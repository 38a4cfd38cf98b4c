import type { Command } from '../../commands/types';
import { targetsFor } from '../shared/targets';
import type { Feature } from '../types';
import { registerCostActions } from './actions';
import { checkBudgets } from './alerts';
import { postDigest } from './digest-task';
import { PERIOD_WORDS } from './periods';
import { REPORT_JOB, reportJob, type ReportJob } from './report-job';
import { LIMIT_JOB, LIMIT_OPEN_JOB, limitJob, limitOpenJob } from './usage-limit';

/** Cost reports, budget alerts with their actions, idle-cluster suggestions and the billing digest. */
export const costFeature: Feature = {
  name: 'cost reports',
  verbs: ['cost'],
  async handle({ command, ack, ports, requestKey, userId, responseUrl }) {
    const { target, period } = command as Extract<Command, { verb: 'cost' }>;
    const targets = targetsFor(ports.config, target);
    const job: ReportJob = { targets, period, requester: userId, replyTo: { responseUrl } };
    await ports.jobs.enqueue({ idempotencyKey: requestKey, type: REPORT_JOB, payload: job, actor: userId });
    await ack({ text: `:moneybag: Adding up ${PERIOD_WORDS[period]}'s cost of ${targets.join(', ')}…` });
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

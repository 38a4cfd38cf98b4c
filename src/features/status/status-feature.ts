import * as z from 'zod/mini';
import { readPayload } from '../../jobs/payload';
import { failureText } from '../shared/failure';
import { replyToSchema } from '../shared/payload-schemas';
import { reply, type ReplyTo } from '../shared/reply';
import { targetsFor } from '../shared/targets';
import type { Feature, WorkContext } from '../types';
import { statusBlocks, type TargetReport } from './status-blocks';

interface StatusJob {
  targets: string[];
  replyTo: ReplyTo;
}
const statusJobSchema: z.ZodMiniType<StatusJob> = z.object({ targets: z.array(z.string()), replyTo: replyToSchema });

const LATEST_SNAPSHOTS = 3;

/** The one job: reads every target and answers. Stored with each job: never rename it. */
export const REPORT_JOB = 'status.report';

/**
 * `/redshift status [target]`: state, size, maintenance and backups of one target or all.
 *
 *   /redshift status [target] → REPORT_JOB (reads AWS, answers through the response URL). Nothing follows.
 */
export const statusFeature: Feature<'status'> = {
  name: 'cluster and workgroup status',
  commands: {
    async status({ command, ack, ports, requestKey, userId, responseUrl }) {
      const targets = targetsFor(ports.config, command.target);
      const job: StatusJob = { targets, replyTo: { responseUrl } };
      await ports.jobs.enqueue({ idempotencyKey: requestKey, type: REPORT_JOB, payload: job, actor: userId });
      await ack({ text: `Checking ${targets.join(', ')}…` });
    },
  },
  jobs: {
    [REPORT_JOB]: async (payload, context) => {
      const job = readPayload(REPORT_JOB, statusJobSchema, payload);
      const reports = await Promise.all(job.targets.map((target) => reportOn(target, context)));
      // The one answer takes the place of the "Checking …" ack rather than leaving it above the report.
      await reply(context.slack, job.replyTo, { ...statusBlocks(reports), response_type: 'ephemeral', replace_original: true });
      return { targets: reports.map((report) => ({ target: report.target, state: report.ok ? report.status.state : 'unknown' })) };
    },
  },
};

async function reportOn(target: string, context: WorkContext): Promise<TargetReport> {
  const warehouse = context.warehouses.get(target);
  try {
    const [status, snapshots] = await Promise.all([
      warehouse.status(),
      warehouse.listSnapshots({ limit: LATEST_SNAPSHOTS }).then(
        (page) => ({ ok: true as const, snapshots: page.snapshots }),
        (error: unknown) => ({ ok: false as const, error: failureText(error) }),
      ),
    ]);
    return snapshots.ok
      ? { target, ok: true, status, snapshots: snapshots.snapshots }
      : { target, ok: true, status, snapshots: [], snapshotsError: snapshots.error };
  } catch (error) {
    return { target, ok: false, error: failureText(error) };
  }
}

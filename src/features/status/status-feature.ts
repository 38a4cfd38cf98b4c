import type { Command } from '../../commands/types';
import type { WorkContext } from '../../jobs/types';
import { failureText } from '../shared/failure';
import { reply, type ReplyTo } from '../shared/reply';
import { targetsFor } from '../shared/targets';
import type { Feature } from '../types';
import { statusBlocks, type TargetReport } from './status-blocks';

interface StatusJob {
  targets: string[];
  replyTo: ReplyTo;
}

const LATEST_SNAPSHOTS = 3;

/** `/redshift status [target]`: state, size, maintenance and backups of one target or all. */
export const statusFeature: Feature = {
  name: 'cluster and workgroup status',
  verbs: ['status'],
  async handle({ command, ack, ports, requestKey, userId, responseUrl }) {
    const { target } = command as Extract<Command, { verb: 'status' }>;
    const targets = targetsFor(ports.config, target);
    const job: StatusJob = { targets, replyTo: { responseUrl } };
    await ports.jobs.enqueue({ idempotencyKey: requestKey, type: 'status.report', payload: job, actor: userId });
    await ack({ text: `Checking ${targets.join(', ')}…` });
  },
  jobs: {
    'status.report': async (payload, context) => {
      const job = payload as StatusJob;
      const reports = await Promise.all(job.targets.map((target) => reportOn(target, context)));
      await reply(context.slack, job.replyTo, { ...statusBlocks(reports), response_type: 'ephemeral' });
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

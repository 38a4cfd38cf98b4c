import type { AppPorts } from '../types';
import { OPEN_JOB } from './details';
import type { OpenJobPayload } from './request';

/** Records the `access.open` job (once per command or form submission); its worker posts the request. */
export async function enqueueOpen(ports: Pick<AppPorts, 'jobs'>, job: OpenJobPayload): Promise<void> {
  await ports.jobs.enqueue({ idempotencyKey: `access-open:${job.requestKey}`, type: OPEN_JOB, payload: job, actor: job.requester });
}

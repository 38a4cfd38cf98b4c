import type { Clock } from '../clock';
import type { Store, WriteOptions } from '../store/store';
import { JOB_KIND, RUNNING_LEASE_MS } from './queue';
import type { JobRecord } from './record';

/** How often a running job renews its lease: three chances before it runs out. */
export const HEARTBEAT_MS = Math.floor(RUNNING_LEASE_MS / 3);

/**
 * A running job's short lease, renewed while its handler works. A worker that dies stops renewing,
 * so the tick runs the job again within one lease instead of waiting out a long fixed one; a job
 * that merely takes long keeps its lease. Renewals and the final write are chained, so each uses the
 * version the previous one left.
 */
export class JobLease {
  private version: number;
  private chain: Promise<boolean> = Promise.resolve(true);
  private readonly timer: NodeJS.Timeout;
  private held = true;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly jobId: string,
    version: number,
    private record: JobRecord,
  ) {
    this.version = version;
    this.timer = setInterval(() => void this.renew(), HEARTBEAT_MS);
    this.timer.unref?.();
  }

  /** Writes the job's final state; false if another worker took the job over meanwhile. */
  async finish(record: JobRecord, options: WriteOptions): Promise<boolean> {
    clearInterval(this.timer);
    return this.write(record, options);
  }

  private renew(): Promise<boolean> {
    return this.write({ ...this.record, updatedAt: this.clock.now() }, { dueAt: this.clock.now() + RUNNING_LEASE_MS });
  }

  private write(record: JobRecord, options: WriteOptions): Promise<boolean> {
    this.chain = this.chain.then(async () => {
      if (!this.held) return false;
      try {
        this.held = await this.store.update(JOB_KIND, this.jobId, this.version, record, options);
      } catch {
        // A failed renewal is tried again at the next beat; the lease is only lost to another worker's write.
        return false;
      }
      if (this.held) {
        this.version += 1;
        this.record = record;
      } else {
        clearInterval(this.timer);
      }
      return this.held;
    });
    return this.chain;
  }
}

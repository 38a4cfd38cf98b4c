import type { Dispatcher, JobEnvelope } from './record';

/** The server runtime's dispatcher: runs the job in this process after the ack, off the request path. */
export class InProcessDispatcher implements Dispatcher {
  private readonly running = new Set<Promise<unknown>>();

  constructor(
    private readonly run: (envelope: JobEnvelope) => Promise<unknown>,
    private readonly onError: (error: unknown) => void,
  ) {}

  async dispatch(envelope: JobEnvelope): Promise<void> {
    const work = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.run(envelope))
      .catch(this.onError)
      .finally(() => this.running.delete(work));
    this.running.add(work);
  }

  /** Resolves when every job dispatched so far has finished (tests, graceful shutdown). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }
}

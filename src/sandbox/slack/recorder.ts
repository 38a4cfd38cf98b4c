import type { CallListener, RecordedCall } from './types';

interface Waiter {
  method: string;
  predicate: (call: RecordedCall) => boolean;
  resolve: (call: RecordedCall) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/** Keeps every call, tells listeners as calls arrive, and lets tests wait for one. */
export class CallRecorder {
  private recorded: RecordedCall[] = [];
  private listeners = new Set<CallListener>();
  private waiters = new Set<Waiter>();
  private seq = 0;

  record(call: Omit<RecordedCall, 'seq'>): RecordedCall {
    this.seq += 1;
    const full: RecordedCall = { seq: this.seq, ...call };
    this.recorded.push(full);
    for (const waiter of [...this.waiters]) {
      if (waiter.method === full.method && waiter.predicate(full)) this.settle(waiter, full);
    }
    for (const listener of [...this.listeners]) {
      // A broken console must not break the API the app under test is talking to.
      try {
        listener(full);
      } catch {
        /* ignored on purpose */
      }
    }
    return full;
  }

  all(): RecordedCall[] {
    return [...this.recorded];
  }

  to(method: string): RecordedCall[] {
    return this.recorded.filter((call) => call.method === method);
  }

  onCall(listener: CallListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /**
   * The first call (already recorded or still to come) to `method` that satisfies the predicate.
   * Use `call.seq` in the predicate to wait for a call newer than one already seen.
   */
  waitFor(method: string, predicate: (call: RecordedCall) => boolean, timeoutMs: number): Promise<RecordedCall> {
    const existing = this.recorded.find((call) => call.method === method && predicate(call));
    if (existing !== undefined) return Promise.resolve(existing);
    return new Promise<RecordedCall>((resolve, reject) => {
      const waiter: Waiter = {
        method,
        predicate,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.waiters.delete(waiter);
          const seen = this.recorded.map((call) => call.method).join(', ') || 'none';
          reject(new Error(`Slack stand-in: no matching ${method} call within ${timeoutMs} ms (calls so far: ${seen})`));
        }, timeoutMs),
      };
      this.waiters.add(waiter);
    });
  }

  /** Forgets calls; pending waiters keep waiting for new ones. */
  clear(): void {
    // seq keeps counting, so `seq > n` predicates stay meaningful across a reset.
    this.recorded = [];
  }

  /** Fails every pending wait; used when the stand-in closes. */
  abandon(reason: string): void {
    for (const waiter of [...this.waiters]) {
      clearTimeout(waiter.timer);
      this.waiters.delete(waiter);
      waiter.reject(new Error(reason));
    }
    this.listeners.clear();
  }

  private settle(waiter: Waiter, call: RecordedCall): void {
    clearTimeout(waiter.timer);
    this.waiters.delete(waiter);
    waiter.resolve(call);
  }
}

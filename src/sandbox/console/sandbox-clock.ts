import type { Clock } from '../../clock';

/**
 * The sandbox's time: the wall clock plus whatever the console has skipped ahead, so emulated
 * snapshots and pauses still progress on their own while expiries can be reached at once.
 */
export class OffsetClock implements Clock {
  constructor(
    private readonly wall: () => number = Date.now,
    /** Where a saved sandbox had moved the clock to. */
    private offsetMs = 0,
  ) {}

  now(): number {
    return this.wall() + this.offsetMs;
  }

  /** Only forward: schedules claim occurrences by time, and going back would replay them. */
  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms <= 0) throw new Error('the clock only moves forward, by a positive number of milliseconds');
    this.offsetMs += ms;
  }

  get skippedMs(): number {
    return this.offsetMs;
  }
}

import type { ConsoleMessage } from './types';

/** The log of a saved sandbox. */
export interface SavedLog {
  items: ConsoleMessage[];
  counter: number;
  hidden: string[];
}

/**
 * What only the console knows: the commands people typed (Slack never shows them, but a person
 * wants to see what they ran) and the ephemeral text a slash command's ack carried.
 */
export class LocalLog {
  private items: ConsoleMessage[] = [];
  private counter = 0;
  /** Ephemeral messages a later response replaced or deleted (replace_original on an ephemeral). */
  private hidden = new Set<string>();

  add(item: Omit<ConsoleMessage, 'ts'>, now: number): ConsoleMessage {
    this.counter += 1;
    // Same form as the stand-in's ts, so both sort together; the counter keeps them unique.
    const ts = `${Math.floor(now / 1000)}.${String((now % 1000) * 1000 + (this.counter % 1000)).padStart(6, '0')}`;
    const message = { ...item, ts };
    this.items.push(message);
    return message;
  }

  hide(ts: string): void {
    this.hidden.add(ts);
  }

  isHidden(ts: string): boolean {
    return this.hidden.has(ts);
  }

  saved(): SavedLog {
    return { items: structuredClone(this.items), counter: this.counter, hidden: [...this.hidden] };
  }

  restore(saved: SavedLog): void {
    this.items = structuredClone(saved.items);
    this.counter = saved.counter;
    this.hidden = new Set(saved.hidden);
  }

  all(): ConsoleMessage[] {
    return this.items.filter((item) => !this.hidden.has(item.ts));
  }
}

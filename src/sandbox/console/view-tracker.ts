import type { JsonObject } from '../slack';

/**
 * Which person each modal is open for. views.open carries only a trigger id, so the console
 * remembers who each trigger it minted belongs to, and keeps one stack of modals per person.
 */
export class ViewTracker {
  private triggers = new Map<string, string>();
  private stacks = new Map<string, string[]>();
  /** Content a submission's response_action replaced or pushed, which the stand-in never saw. */
  private local = new Map<string, JsonObject>();
  private counter = 0;

  rememberTrigger(triggerId: string, user: string): void {
    this.triggers.set(triggerId, user);
  }

  /** A views.open or views.push the bot made; ignored when the trigger is not the console's. */
  opened(triggerId: string | undefined, viewId: string, pushed: boolean): void {
    const user = triggerId === undefined ? undefined : this.triggers.get(triggerId);
    if (user === undefined) return;
    const stack = pushed ? (this.stacks.get(user) ?? []) : [];
    this.stacks.set(user, [...stack.filter((id) => id !== viewId), viewId]);
  }

  replaceLocally(viewId: string, view: JsonObject): void {
    this.local.set(viewId, view);
  }

  pushLocally(user: string, view: JsonObject): void {
    this.counter += 1;
    const id = `VLOCAL${this.counter}`;
    this.local.set(id, { ...view, id });
    this.stacks.set(user, [...(this.stacks.get(user) ?? []), id]);
  }

  /** The bot changed the view itself (views.update): the stand-in's copy wins again. */
  forgetLocal(viewId: string): void {
    this.local.delete(viewId);
  }

  localView(viewId: string): JsonObject | undefined {
    return this.local.get(viewId);
  }

  close(user: string, viewId: string): void {
    this.stacks.set(user, (this.stacks.get(user) ?? []).filter((id) => id !== viewId));
  }

  closeAll(user: string): void {
    this.stacks.delete(user);
  }

  ownerOf(viewId: string): string | undefined {
    for (const [user, stack] of this.stacks) if (stack.includes(viewId)) return user;
    return undefined;
  }

  /** Every open modal as [user, viewId], each person's stack bottom first. */
  open(): Array<[string, string]> {
    return [...this.stacks].flatMap(([user, stack]) => stack.map((id): [string, string] => [user, id]));
  }
}

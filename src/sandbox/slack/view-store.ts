import { randomBytes } from 'node:crypto';
import { cloneJson, type JsonObject } from './json';
import type { SlackSeed } from './seed';

/** Modals the app opened, pushed or updated, kept in the shape views.* return them. */
export interface SlackViews {
  all(): JsonObject[];
  get(viewId: string): JsonObject | undefined;
  /** The most recently opened, pushed or updated view. */
  latest(): JsonObject | undefined;
}

export interface NewViewContext {
  rootViewId?: string;
  previousViewId?: string;
}

export class ViewStore implements SlackViews {
  private views = new Map<string, JsonObject>();
  private order: string[] = [];
  private counter = 0;
  private exchangedTriggers = new Set<string>();

  constructor(private readonly seed: SlackSeed) {}

  /** A trigger id opens exactly one view, as in Slack; false when it was already used. */
  exchangeTrigger(triggerId: string): boolean {
    if (this.exchangedTriggers.has(triggerId)) return false;
    this.exchangedTriggers.add(triggerId);
    return true;
  }

  create(view: JsonObject, context: NewViewContext): JsonObject {
    this.counter += 1;
    const id = `V${String(this.counter).padStart(8, '0')}`;
    const stored = this.build(id, view, {
      root_view_id: context.rootViewId ?? id,
      previous_view_id: context.previousViewId ?? null,
    });
    this.views.set(id, stored);
    this.touch(id);
    return cloneJson(stored);
  }

  /** Replaces a view's content, keeping its id and stack position; a new hash each time. */
  replace(viewId: string, view: JsonObject): JsonObject | undefined {
    const existing = this.views.get(viewId);
    if (existing === undefined) return undefined;
    const stored = this.build(viewId, view, {
      root_view_id: existing.root_view_id ?? viewId,
      previous_view_id: existing.previous_view_id ?? null,
    });
    this.views.set(viewId, stored);
    this.touch(viewId);
    return cloneJson(stored);
  }

  findByExternalId(externalId: string): JsonObject | undefined {
    for (const view of this.views.values()) if (view.external_id === externalId) return view;
    return undefined;
  }

  get(viewId: string): JsonObject | undefined {
    const view = this.views.get(viewId);
    return view === undefined ? undefined : cloneJson(view);
  }

  all(): JsonObject[] {
    return [...this.views.values()].map((view) => cloneJson(view));
  }

  latest(): JsonObject | undefined {
    const id = this.order[this.order.length - 1];
    return id === undefined ? undefined : this.get(id);
  }

  clear(): void {
    this.views.clear();
    this.order = [];
    this.exchangedTriggers.clear();
  }

  private touch(id: string): void {
    this.order = [...this.order.filter((existing) => existing !== id), id];
  }

  private build(id: string, view: JsonObject, stack: JsonObject): JsonObject {
    return {
      ...cloneJson(view),
      id,
      team_id: this.seed.teamId,
      app_id: this.seed.appId,
      bot_id: this.seed.botId,
      callback_id: typeof view.callback_id === 'string' ? view.callback_id : '',
      private_metadata: typeof view.private_metadata === 'string' ? view.private_metadata : '',
      external_id: typeof view.external_id === 'string' ? view.external_id : '',
      state: { values: {} },
      hash: `${Date.now()}.${randomBytes(4).toString('hex')}`,
      ...stack,
    };
  }
}

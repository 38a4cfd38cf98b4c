import { createHash } from 'node:crypto';
import type { Item, Store } from '../../store/store';
import type { SlackMessageRef } from '../../approvals/types';
import type { GrantMode } from './sql';

/**
 * Grants as the store keeps them (kind `grant`, id `g-` + 12 hex). dueAt is when the `access.expire`
 * task must look at the grant: its end time while active, the next retry while a revoke is failing.
 * A grant is only ever left without dueAt once it is revoked (or failed before anything was granted).
 */
export const GRANT_KIND = 'grant';
/**
 * One item per (target, role, database user) naming the grant that holds it, so a second request
 * finds the active grant to extend instead of making a second one, and two grant jobs cannot
 * both create one.
 */
export const SLOT_KIND = 'grant-slot';
/** Revoked and failed grants stay listed (and auditable in the store) this long. */
export const FINISHED_GRANT_RETENTION_MS = 30 * 24 * 3_600_000;

export type GrantStatus =
  /** Recorded before the GRANT runs, so a process dying mid-way leaves a record the expiry finds. */
  | 'granting'
  | 'active'
  /** Being revoked, or waiting to retry a failed revoke. */
  | 'revoking'
  | 'revoked'
  /** The GRANT itself failed; nothing is held. */
  | 'failed';

export type RevokeCause = 'expired' | 'revoked' | 'done' | 'unverified';

/**
 * Whether Redshift confirmed a GRANT or REVOKE. `cannot-verify`: the bot's database identity cannot
 * see other users' role grants (it is not a superuser), so an empty check proves nothing; such a
 * grant is "active, unverified" and is never undone because of that check.
 */
export type Confirmation = 'confirmed' | 'cannot-verify';

/** What ending the user's sessions after a revoke did. */
export interface SessionsOutcome {
  /** Active sessions found. */
  found: number;
  ended: number;
  /** Why some (or all) may still be open. */
  error?: string;
}

export interface GrantEvent {
  at: number;
  event: string;
  by?: string;
  requestId?: string;
  statementId?: string;
  detail?: string;
}

export interface GrantRecord {
  /** The request that made the grant. */
  requestId: string;
  /** Every request applied to it: the first, then each extension. */
  requests: string[];
  /** Slack user id of the grantee. */
  user: string;
  dbUser: string;
  role: string;
  target: string;
  mode: GrantMode;
  endSessionsOnRevoke: boolean;
  grantedAt?: number;
  endsAt: number;
  status: GrantStatus;
  /** Revoke attempts so far. */
  attempts: number;
  /** While a revoke (or a retried GRANT) runs: others leave the grant alone until then. */
  leaseUntil?: number;
  /** When the approvals channel last heard that its revoke keeps failing. */
  escalatedAt?: number;
  /** While `granting`: the GRANT met a transient fault and the expiry sweep tries it again at dueAt. */
  grantRetry?: GrantRetry;
  revokeCause?: RevokeCause;
  revokedBy?: string;
  revokedAt?: number;
  lastError?: string;
  /** Absent on records written before confirmations were kept: those were confirmed. */
  grantConfirmation?: Confirmation;
  revokeConfirmation?: Confirmation;
  /** Why the last check could not confirm. */
  unverifiedReason?: string;
  /**
   * Revoked, with the user's sessions still to end or the end still to announce (revoke-finish.ts):
   * due when its lease ends, so the expiry sweep finishes what a process that died left undone.
   */
  finishing?: boolean;
  /** Set once a revoke with endSessionsOnRevoke has tried to end the user's sessions. */
  sessions?: SessionsOutcome;
  /** The grantee's "access ends at …" message with the I'm done button. */
  doneMessage?: SlackMessageRef;
  /** When the grant was announced: an active grant without it (its process died first) is announced by the next run. */
  announcedAt?: number;
  history: GrantEvent[];
}

/** A GRANT waiting to be tried again after a transient fault (throttling, a 5xx, a timeout). */
export interface GrantRetry {
  /** GRANT attempts so far. */
  attempts: number;
  /** No retry starts after this: then the request is reported approved, but not granted. */
  until: number;
  /** Whether a GRANT reached Redshift in some attempt, so giving up must undo it rather than just say so. */
  mayHold: boolean;
  lastError: string;
}

/** The grant a request makes: derived from the request id, so a redelivered job finds its own grant. */
export function grantIdFor(requestId: string): string {
  return `g-${createHash('sha256').update(`grant:${requestId}`).digest('hex').slice(0, 12)}`;
}

export function slotId(target: string, role: string, dbUser: string): string {
  return `${target}/${role}/${dbUser}`;
}

export interface Slot {
  grantId: string;
}

/** Statuses in which the user holds (or may hold) the role. */
export function isLive(status: GrantStatus): boolean {
  return status === 'granting' || status === 'active' || status === 'revoking';
}

export function getGrant(store: Store, grantId: string): Promise<Item<GrantRecord> | undefined> {
  return store.get<GrantRecord>(GRANT_KIND, grantId);
}

export type GrantChange = { data: GrantRecord; dueAt?: number | null; expiresAt?: number | null };

/**
 * Read, change, conditional write; on a lost race read again and re-decide. `change` returns
 * undefined to leave the grant as it is. Resolves with the written item, or undefined.
 */
export async function mutateGrant(
  store: Store,
  grantId: string,
  change: (item: Item<GrantRecord>) => GrantChange | undefined,
): Promise<Item<GrantRecord> | undefined> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const item = await getGrant(store, grantId);
    if (!item) return undefined;
    const next = change(item);
    if (!next) return undefined;
    const options = { dueAt: next.dueAt === undefined ? (item.dueAt ?? null) : next.dueAt, expiresAt: next.expiresAt === undefined ? (item.expiresAt ?? null) : next.expiresAt };
    if (await store.update<GrantRecord>(GRANT_KIND, grantId, item.version, next.data, options)) {
      return { ...item, version: item.version + 1, data: next.data, dueAt: options.dueAt ?? undefined, expiresAt: options.expiresAt ?? undefined };
    }
  }
  throw new Error(`grant ${grantId} kept changing under me; try again`);
}

/** The live grant holding (target, role, user), if any. */
export async function liveGrantFor(store: Store, target: string, role: string, dbUser: string): Promise<Item<GrantRecord> | undefined> {
  const slot = await store.get<Slot>(SLOT_KIND, slotId(target, role, dbUser));
  if (!slot) return undefined;
  const grant = await getGrant(store, slot.data.grantId);
  return grant && isLive(grant.data.status) ? grant : undefined;
}

/**
 * Makes `grantId` the holder of its slot unless another live grant holds it. Returns the holder:
 * `grantId` itself when claimed (or already held), else the other live grant's id.
 */
export async function claimSlot(store: Store, grant: Pick<GrantRecord, 'target' | 'role' | 'dbUser'>, grantId: string): Promise<string> {
  const id = slotId(grant.target, grant.role, grant.dbUser);
  for (let attempt = 0; attempt < 20; attempt++) {
    if (await store.create<Slot>(SLOT_KIND, id, { grantId })) return grantId;
    const slot = await store.get<Slot>(SLOT_KIND, id);
    if (!slot) continue;
    if (slot.data.grantId === grantId) return grantId;
    const holder = await getGrant(store, slot.data.grantId);
    if (holder && isLive(holder.data.status)) return slot.data.grantId;
    if (await store.update<Slot>(SLOT_KIND, id, slot.version, { grantId })) return grantId;
  }
  throw new Error(`the grant slot ${id} kept changing under me; try again`);
}

/** Frees the slot if this grant still holds it. */
export async function releaseSlot(store: Store, grant: Pick<GrantRecord, 'target' | 'role' | 'dbUser'>, grantId: string): Promise<void> {
  const id = slotId(grant.target, grant.role, grant.dbUser);
  const slot = await store.get<Slot>(SLOT_KIND, id);
  if (slot && slot.data.grantId === grantId) await store.delete(SLOT_KIND, id, slot.version);
}

/** Every grant still in the store (revoked ones until their retention ends), page by page. */
export async function allGrants(store: Store): Promise<Item<GrantRecord>[]> {
  const items: Item<GrantRecord>[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.list<GrantRecord>(GRANT_KIND, { limit: 100, cursor });
    items.push(...page.items);
    cursor = page.cursor;
  } while (cursor);
  return items;
}

export function withEvent(data: GrantRecord, event: Omit<GrantEvent, 'at'>, at: number): GrantRecord {
  // The newest 50 events are plenty for a message; the audit log keeps everything.
  return { ...data, history: [...data.history, { at, ...event }].slice(-50) };
}

import type { Clock } from '../clock';
import { DEFAULT_MAX_OPEN_PER_PERSON } from '../config/approval-defaults';
import type { ChatopsConfig } from '../config/chatops';
import type { Item, Store } from '../store/store';
import { bestEffort } from '../slack/best-effort';
import { codeSpan, plural, truncate } from '../slack-text';
import { REQUEST_KIND, type ApprovalRequest } from './types';

/**
 * The per-person limit on open (pending) requests, across every kind of request.
 *
 * Counting pending requests and then creating one would let simultaneous requests all see room and
 * all pass. Instead each open request holds one of the requester's numbered slots
 * (`<user>#1` … `<user>#N`), taken with a conditional write: a slot is created, or taken over from a
 * request that is no longer pending (decided, expired, or gone), only if nobody changed it since it
 * was read. Two requests can never hold the same slot, so a person never has more than N open
 * requests, however many arrive at once. Slots need no release: a decided request's slot is simply
 * free to take over, and a slot expires with its request.
 */
export const SLOT_KIND = 'approval-slot';

/** A slot whose request is not stored yet is being opened right now; it stays held this long. */
export const CLAIM_GRACE_MS = 60_000;
/** Conditional writes lost to simultaneous requests by the same person are retried this often. */
const MAX_ATTEMPTS = 10;
/** At most this many open requests are listed in the refusal. */
const LISTED = 10;

interface Slot {
  requestId: string;
  claimedAt: number;
}

/** The refusal: the person already has `max` open requests; nothing was stored or posted. */
export class OpenLimitError extends Error {
  constructor(
    readonly max: number,
    readonly open: ReadonlyArray<Pick<ApprovalRequest, 'id' | 'title'>>,
  ) {
    super(openLimitText(max, open));
    this.name = 'OpenLimitError';
  }

  userMessage(): string {
    return this.message;
  }
}

/** "You have 5 open requests: `r-…` <title>, …; wait for a decision or cancel one." (mrkdwn). */
export function openLimitText(max: number, open: ReadonlyArray<Pick<ApprovalRequest, 'id' | 'title'>>): string {
  const listed = open.slice(0, LISTED).map((request) => `${codeSpan(request.id)} ${truncate(request.title, 120)}`);
  const more = open.length > LISTED ? ` and ${open.length - LISTED} more` : '';
  return (
    `You have ${plural(Math.max(open.length, max), 'open request')} (the most one person may have at once is ${max}): ` +
    `${listed.join('; ')}${more}. Wait for a decision on one, or cancel one you no longer need (an approver can deny it); then ask again.`
  );
}

/** The limit from chatops.yml (`approvals.maxOpenPerPerson`), or the default when the section is absent. */
export function maxOpenPerPerson(config: Partial<Pick<ChatopsConfig, 'approvals'>>): number {
  return config.approvals?.maxOpenPerPerson ?? DEFAULT_MAX_OPEN_PER_PERSON;
}

export interface SlotDeps {
  store: Store;
  clock: Clock;
}

/**
 * Takes one of the requester's slots for `request` before it is stored and posted, or throws
 * OpenLimitError. A request that is already stored (a retry of the same idempotency key) or already
 * holds a slot takes nothing more.
 */
export async function holdOpenSlot(
  deps: SlotDeps,
  request: Pick<ApprovalRequest, 'id' | 'requester' | 'expiresAt' | 'action' | 'target'>,
  max: number,
): Promise<void> {
  const { store, clock } = deps;
  if (await store.get(REQUEST_KIND, request.id)) return;
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
    const now = clock.now();
    const slots = await Promise.all(Array.from({ length: max }, (_, index) => readSlot(store, slotId(request.requester, index + 1))));
    if (slots.some((slot) => slot.item?.data.requestId === request.id)) return;
    const holders = new Map<string, ApprovalRequest | undefined>();
    let free: (typeof slots)[number] | undefined;
    for (const slot of slots) {
      const holder = slot.item ? await holderOf(store, slot.item, now) : 'free';
      // A slot held twice by one request (a retried open) counts once; the second is free.
      if (holder === 'free' || (slot.item && holders.has(slot.item.data.requestId))) free ??= slot;
      else if (slot.item) holders.set(slot.item.data.requestId, holder === 'opening' ? undefined : holder);
    }
    if (!free) {
      const open = [...holders.entries()].map(([id, held]) => ({ id, title: held?.title ?? '(being opened)' }));
      await store.appendAudit({
        actor: request.requester,
        action: 'approval.open.refused',
        target: request.target,
        input: { requestId: request.id, action: request.action },
        result: { reason: 'open-limit', max, open: open.map((held) => held.id) },
      });
      throw new OpenLimitError(max, open);
    }
    const data: Slot = { requestId: request.id, claimedAt: now };
    // The slot lives as long as its request could stay pending, plus the grace for one being opened.
    const options = { expiresAt: Math.max(request.expiresAt, now + CLAIM_GRACE_MS) };
    const taken = free.item
      ? await store.update<Slot>(SLOT_KIND, free.id, free.item.version, data, options)
      : await store.create<Slot>(SLOT_KIND, free.id, data, options);
    if (taken) return;
  }
  throw new Error('Too many requests of yours are being opened at this moment; try again in a few seconds.');
}

function slotId(requester: string, index: number): string {
  return `${requester}#${index}`;
}

async function readSlot(store: Store, id: string): Promise<{ id: string; item: Item<Slot> | undefined }> {
  return { id, item: await store.get<Slot>(SLOT_KIND, id) };
}

/** Whether the slot's request still counts: pending and not past its expiry, or still being opened. */
async function holderOf(store: Store, slot: Item<Slot>, now: number): Promise<ApprovalRequest | 'opening' | 'free'> {
  const held = await store.get<ApprovalRequest>(REQUEST_KIND, slot.data.requestId);
  if (!held) return now - slot.data.claimedAt < CLAIM_GRACE_MS ? 'opening' : 'free';
  return held.data.status === 'pending' && held.data.expiresAt > now ? held.data : 'free';
}

/** The requester's open requests as the limit counts them (for messages and tests). */
export async function openRequestsOf(deps: SlotDeps, requester: string, max: number): Promise<ApprovalRequest[]> {
  const now = deps.clock.now();
  const found = new Map<string, ApprovalRequest>();
  for (let index = 1; index <= max; index += 1) {
    const slot = await deps.store.get<Slot>(SLOT_KIND, slotId(requester, index));
    if (!slot) continue;
    const holder = await holderOf(deps.store, slot, now);
    if (typeof holder === 'object') found.set(holder.id, holder);
  }
  return [...found.values()];
}

/**
 * Opens a request through `open`; when the person is at their limit, tells them with `tell` and
 * returns undefined, so the caller stops without posting anything. Other failures are rethrown.
 * A notice that cannot be delivered is logged: the refusal stands without it.
 */
export async function openWithinLimit<T>(
  open: () => Promise<T>,
  tell: (text: string) => Promise<unknown>,
  log: (message: string) => void,
): Promise<T | undefined> {
  try {
    return await open();
  } catch (error) {
    if (!(error instanceof OpenLimitError)) throw error;
    await bestEffort('the open-limit notice to the requester', () => tell(`:no_entry: ${error.userMessage()} Nothing was requested.`), log);
    return undefined;
  }
}

import { CONFIRM_ACTION as RESTORE_CLUSTER_CONFIRM } from '../../src/features/backup/warehouse-restore-types';
import { blockActions, type SlackHttpResponse } from '../../src/sandbox/slack';
import type { Harness } from './harness';

const BOB = 'U0APPROVER';
const DAY_MS = 24 * 3_600_000;

/** A value for one field of a button's JSON token: the hostile text itself, or a number or flag made from it. */
type FieldForger = (value: string, now: number) => unknown;

interface TokenForger {
  actionId: string;
  /** A token as the bot builds it, valid but for a source nothing has, so a token that passes still restores nothing. */
  valid: (now: number, index: number) => Record<string, unknown>;
  /** Per field, how the hostile value goes in. */
  fields: Record<string, FieldForger>;
}

const text: FieldForger = (value) => value;

/**
 * Buttons whose value is a JSON token the bot wrote into its own message. A random string never gets
 * past their JSON parse, so each token is forged with one field hostile and every other one valid:
 * the field's own check is what decides.
 */
const FORGERS: readonly TokenForger[] = [
  {
    actionId: RESTORE_CLUSTER_CONFIRM,
    valid: (now, index) => ({
      t: index % 2 === 0 ? 'prod' : 'lake',
      s: 'chaos-no-such-snapshot',
      r: false,
      n: index % 2 === 0 ? 'chaos-restored' : 'lake',
      k: index.toString(16).padStart(16, '0'),
      at: now,
    }),
    fields: {
      t: text,
      s: text,
      n: text,
      k: text,
      // Text in a boolean; a number or text for the preview's time, and times from the future.
      r: (value) => value,
      at: (value, now) => (/^-?\d+$/.test(value) ? Number(value) : value.length % 2 === 0 ? now + 366 * DAY_MS : value),
    },
  },
];

export interface ForgedClick {
  name: string;
  send: () => Promise<SlackHttpResponse>;
}

/** `count` clicks, cycling over each forged button's fields and the hostile values. */
export function forgedTokenClicks(h: Harness, values: readonly string[], count: number): ForgedClick[] {
  const slots = FORGERS.flatMap((forger) => Object.keys(forger.fields).map((field) => ({ forger, field })));
  const message = { ts: '1700000000.000200', channel: 'C0GENERAL', text: 'forged preview', blocks: [] };
  return Array.from({ length: count }, (_, i) => {
    const { forger, field } = slots[i % slots.length];
    const value = values[(i * 11) % values.length];
    const name = `button ${forger.actionId} token field ${field}: ${JSON.stringify(value).slice(0, 60)}`;
    return {
      name,
      send: () => {
        const now = h.clock.now();
        const token = { ...forger.valid(now, i), [field]: forger.fields[field](value, now) };
        return h.requester.send(
          blockActions({
            userId: BOB,
            actionId: forger.actionId,
            value: JSON.stringify(token),
            message,
            channelId: message.channel,
            responseUrl: h.slack.newResponseUrl({ userId: BOB }),
          }),
        );
      },
    };
  });
}

/** The action ids forged here, for the area's note. */
export const FORGED_ACTION_IDS = FORGERS.map((forger) => forger.actionId);

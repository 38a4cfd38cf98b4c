import type { types } from '@slack/bolt';
import { DONE_ACTION } from './details';
import type { GrantRecord } from './grants';
import { grantLabel, grantUnverifiedText, slackTime } from './texts';

/** The grantee's message: what they hold, until when, and a button to end it early. */
export function grantedMessage(
  grantId: string,
  grant: Pick<GrantRecord, 'role' | 'target' | 'dbUser' | 'endsAt' | 'mode' | 'grantConfirmation' | 'unverifiedReason'>,
  extended: boolean,
): { text: string; blocks: types.KnownBlock[] } {
  const text =
    `:unlock: ${extended ? 'Extended: you' : 'You'} now hold ${grantLabel(grant.role, grant.target)} as database user \`${grant.dbUser}\` ` +
    `until ${slackTime(grant.endsAt)}. Access ends by itself then (grant \`${grantId}\`).${grantUnverifiedText(grant)}`;
  return {
    text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text } },
      {
        type: 'actions',
        block_id: 'access_done',
        elements: [
          {
            type: 'button',
            action_id: DONE_ACTION,
            text: { type: 'plain_text', text: "I'm done" },
            style: 'danger',
            value: grantId,
          },
        ],
      },
    ],
  };
}

/** The same message once access has ended: no button. */
export function endedMessage(text: string): { text: string; blocks: types.KnownBlock[] } {
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
}

import { slashCommand } from '../../src/sandbox/slack';
import type { Harness } from './harness';
import { emptyTally, type Tally } from './tally';

/** Slack gives up on an answer after 3 s and shows the person an error. */
const ACK_LIMIT_MS = 3_000;
const BURST = 50;
const COMMANDS = ['status prod', 'snapshot list prod', 'access list', 'cost prod', 'vacuum check prod', 'help'];

/**
 * 50 commands at once, from different people, all to be answered within 3 s: once as things are, and
 * once with Slack's Web API answering `ratelimited`, since the answer must never wait on it. A command
 * not answered in time is counted as lost: Slack has already told the person it failed.
 */
export async function burstsArea(h: Harness, small: boolean): Promise<Tally> {
  const tally = emptyTally('bursts');
  const rounds = small ? 1 : 5;
  let worst = 0;
  for (let round = 0; round < rounds * 2; round += 1) {
    const limited = round % 2 === 1;
    if (limited)
      for (const method of ['chat.postMessage', 'chat.postEphemeral', 'views.open', 'chat.update'])
        h.slack.failNext(method, 'ratelimited', BURST);
    const sends = Array.from({ length: BURST }, async (_, i) => {
      const user = ['U0ANALYST', 'U0APPROVER', 'U0APPROVER2', 'U0ADMIN'][i % 4];
      const started = Date.now();
      const response = await h.requester.send(
        slashCommand({ text: COMMANDS[i % COMMANDS.length], userId: user, responseUrl: h.slack.newResponseUrl({ userId: user }) }),
      );
      return { ms: Date.now() - started, status: response.status };
    });
    const results = await Promise.all(sends);
    await h.settle();
    for (const result of results) {
      tally.tried += 1;
      worst = Math.max(worst, result.ms);
      if (result.status !== 200 || result.ms > ACK_LIMIT_MS) {
        tally.lost += 1;
        tally.findings.push(`${limited ? 'with Slack 429s: ' : ''}a command answered ${result.status} after ${result.ms} ms`);
      }
    }
  }
  tally.notes.push(`${rounds * 2} bursts of ${BURST}; slowest answer ${worst} ms (limit ${ACK_LIMIT_MS} ms)`);
  return tally;
}

import { slashCommand } from '../../src/sandbox/slack';
import { MAX_BODY_BYTES } from '../../src/runtime/slack-request-guard';
import { leaksIn, SIGNING_SECRET, uncaught, type Harness } from './harness';
import { sendRaw, signedHeaders } from './send';
import { emptyTally, type Tally } from './tally';

const FORM = 'application/x-www-form-urlencoded';
const YEAR_S = 365 * 24 * 3600;

interface BadRequest {
  name: string;
  body: string;
  headers: Record<string, string>;
}

/**
 * Requests Slack would never send, each carrying a command that would change something if it ran
 * (`snapshot create prod`): wrong or missing signatures, timestamps out of the ±5 minute window both
 * ways, wrong content types, an oversized body, malformed bodies, and replays of one good request.
 */
export async function badRequestsArea(h: Harness, small: boolean): Promise<Tally> {
  const tally = emptyTally('bad requests');
  // Slack signs with wall-clock time, and that is what the bot holds timestamps to.
  const now = () => Math.floor(Date.now() / 1000);
  const command = () =>
    slashCommand({ text: 'snapshot create prod', userId: 'U0ANALYST', responseUrl: h.slack.newResponseUrl({ userId: 'U0ANALYST' }) }).body;
  // Dated ahead, the timestamp is taken from the next whole second, so it is still that far ahead when
  // the bot reads it a moment later (a request 301 s ahead at signing may be 300 s ahead on arrival).
  const signed = (body: string, offset = 0, type = FORM) =>
    signedHeaders(SIGNING_SECRET, body, (offset > 0 ? Math.ceil(Date.now() / 1000) : now()) + offset, type);
  const cases: Array<() => BadRequest> = [
    () => ({ name: 'wrong secret', body: command(), headers: signedHeaders('not-the-secret', command(), now(), FORM) }),
    () => {
      const body = command();
      const { 'X-Slack-Signature': _dropped, ...rest } = signed(body);
      return { name: 'no signature', body, headers: rest };
    },
    () => {
      const body = command();
      const { 'X-Slack-Request-Timestamp': _dropped, ...rest } = signed(body);
      return { name: 'no timestamp', body, headers: rest };
    },
    () => ({ name: 'signature over another body', body: command(), headers: signed(command().replace('snapshot', 'snapshots')) }),
    ...[-301, -3600, -YEAR_S, 301, 302, 3600, YEAR_S].map((offset) => () => {
      const body = command();
      return { name: `timestamp ${offset > 0 ? '+' : ''}${offset} s`, body, headers: signed(body, offset) };
    }),
    ...['text/plain', 'application/xml', 'multipart/form-data; boundary=x', 'application/octet-stream'].map((type) => () => {
      const body = command();
      return { name: `content type ${type}`, body, headers: signed(body, 0, type) };
    }),
    () => {
      const body = `${command()}&pad=${'a'.repeat(MAX_BODY_BYTES)}`;
      return { name: 'oversized body', body, headers: signed(body) };
    },
    ...['%%%', 'command=%2Fredshift&text=%ZZ', 'payload=%7Bnot-json', 'payload={"type":"block_actions","actions":[{]}', '\u0000\u0001'].map(
      (body) => () => ({
        name: `malformed form ${JSON.stringify(body.slice(0, 24))}`,
        body,
        headers: signed(body),
      }),
    ),
    ...['{', '{"type":"event_callback","event":', '[1,2', 'null', '{"type":"url_verification"}'].map((body) => () => ({
      name: `malformed JSON ${body}`,
      body,
      headers: signed(body, 0, 'application/json'),
    })),
  ];
  const rounds = small ? 1 : 10;
  for (let round = 0; round < rounds; round += 1) {
    for (const make of cases) await tryOne(h, tally, make());
  }
  // A replay: the same signed bytes again. The first is genuine; none of the replays may run anything.
  const replays = small ? 3 : 30;
  const body = command();
  const headers = signed(body);
  await sendRaw(h.url, body, headers);
  await h.settle();
  for (let i = 0; i < replays; i += 1) await tryOne(h, tally, { name: `replay ${i + 1}`, body, headers });
  return tally;
}

async function tryOne(h: Harness, tally: Tally, request: BadRequest): Promise<void> {
  const mark = h.mark();
  const crashesBefore = uncaught.length;
  const response = await sendRaw(h.url, request.body, request.headers);
  await h.settle();
  tally.tried += 1;
  // Slack waits 3 s and then retries: a refusal that slow is a finding, a slow-ish one a note.
  if (response.ms > 3_000) tally.findings.push(`${request.name}: answered ${response.status} after ${response.ms} ms (Slack gives 3 s)`);
  else if (response.ms > 2_000) tally.notes.push(`${request.name}: answered ${response.status} after ${response.ms} ms`);
  if (uncaught.length > crashesBefore) {
    tally.findings.push(
      `${request.name}: threw an error nothing caught, which ends the bot's process (${uncaught[uncaught.length - 1].slice(0, 120)})`,
    );
  }
  const changes = h.changesSince(mark);
  const changed = changes.awsCalls.length + changes.statements.length + changes.approvalsPosts > 0;
  if (changed) {
    tally.executed += 1;
    tally.findings.push(
      `${request.name}: answered ${response.status}, ran ${[...changes.awsCalls, ...changes.statements].join(', ') || 'an approvals post'}`,
    );
  } else {
    tally.refused += 1;
  }
  const leaks = leaksIn([response.text], []);
  if (leaks.length > 0) {
    tally.leaked += 1;
    tally.findings.push(`${request.name}: the answer shows ${leaks.join(', ')}`);
  }
}

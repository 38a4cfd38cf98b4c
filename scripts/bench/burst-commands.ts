/**
 * The burst's commands (pure): 50 different `/redshift` commands as a busy morning in the sandbox
 * workspace sends them, each from a plausible person of its seed, every text distinct and complete
 * for chatops.example.yml (no form needed), so each ack goes the path a typed command takes.
 */
import { SANDBOX_USERS } from '../../src/sandbox/slack/seed';

export interface BurstCommand {
  text: string;
  userId: string;
}

/** Everyone the example config knows; dana (admin) is mapped by e-mail, the others by identity.map. */
const PEOPLE: readonly string[] = [SANDBOX_USERS.analyst, SANDBOX_USERS.approver, SANDBOX_USERS.approver2, SANDBOX_USERS.admin];

/** Answered from what the bot reads (help, status, reports, checks) or run at once (snapshot create). */
const READS: readonly string[] = [
  'help',
  'help access',
  'help snapshot',
  'status',
  'status prod',
  'status lake',
  'snapshot list prod',
  'snapshot list lake',
  'snapshot create prod 7',
  'cost',
  'cost prod',
  'cost lake',
  'cost prod today',
  'cost prod week',
  'cost lake today',
  'cost lake month',
  'who pii prod',
  'who pii lake',
  'who analytics prod',
  'who analytics.sessions prod',
  'who raw_data lake',
  'access list',
  'vacuum check',
  'vacuum check prod',
  'vacuum check lake',
  'grants check prod',
  'grants check lake',
  'pause prod',
  'grants baseline lake',
  'doctor prod',
  'doctor lake',
];

/** Role, target and durations chatops.example.yml allows (each within the role's maxDuration). */
const ASKS: ReadonlyArray<{ role: string; target: string; durations: readonly string[] }> = [
  { role: 'analytics_users', target: 'prod', durations: ['1h', '4h', '1d', '3d', '7d'] },
  { role: 'pii_users', target: 'prod', durations: ['30m', '1h', '2h', '8h'] },
  { role: 'pii_users', target: 'lake', durations: ['1h', '4h', '6h', '8h'] },
  { role: 'analytics_authors', target: 'prod', durations: ['2h', '4h', '1d', '2d'] },
];

/** The access requests: every role and target, spread over the people, each with its own ticket. */
function accessRequests(count: number): BurstCommand[] {
  return Array.from({ length: count }, (_, i) => {
    const ask = ASKS[i % ASKS.length];
    const duration = ask.durations[Math.floor(i / ASKS.length) % ask.durations.length];
    // Shifted each round so every person asks for different roles, not always the same one.
    const userId = PEOPLE[(i + Math.floor(i / ASKS.length)) % PEOPLE.length];
    return { text: `access request ${ask.role} ${ask.target} ${duration} ticket ${1_000 + i}`, userId };
  });
}

export const BURST_SIZE = 50;

/**
 * The 50 commands: the reads spread round-robin over the people, then access requests to make 50;
 * interleaved so the burst is mixed from its first request on. Nobody has more requests waiting for
 * approval than approvals.maxOpenPerPerson (5) allows, so none is refused for the limit.
 */
export function burstCommands(): BurstCommand[] {
  const reads = READS.map((text, i) => ({ text, userId: PEOPLE[i % PEOPLE.length] }));
  const requests = accessRequests(BURST_SIZE - reads.length);
  const mixed: BurstCommand[] = [];
  for (let i = 0; mixed.length < reads.length + requests.length; i += 1) {
    const read = reads[i];
    const request = requests[i];
    if (read) mixed.push(read);
    if (request) mixed.push(request);
  }
  return mixed;
}

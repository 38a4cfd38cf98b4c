import { parseArgs } from 'node:util';
import { REDSHIFT_NAME_RE } from '../config/names';

/** The opt-in parts of the tour: each changes something in the team's account, so each is asked for by name. */
export interface TourOptions {
  /** Targets the read-only reports run on; default every target in chatops.yml. */
  targets?: string[];
  /** Create a manual snapshot of this target, wait for it, and delete it. */
  snapshot?: string;
  /** Grant `role` to database user `user` on `target` through an approved request, then revoke it. */
  grant?: { role: string; user: string; target: string };
  /** How long to wait for AWS (a real snapshot takes minutes); default 30 minutes. */
  waitMinutes: number;
}

export type ParsedTourOptions = { ok: true; options: TourOptions } | { ok: false; problem: string };

export const TOUR_USAGE = [
  'npm run test:live -- [--targets prod,lake] [--snapshot <target>] [--grant <role> --user <db user> --target <target>] [--wait <minutes>]',
  '  Runs `npm run doctor`, then the bot against this account: status, snapshot list, cost and vacuum reports per target.',
  '  --snapshot creates a manual snapshot of <target>, waits for it and deletes it.',
  '  --grant grants <role> to <db user> on <target> through an approved request and revokes it at the end.',
].join('\n');

/** Reads the command line; anything unknown or half-given is refused, and nothing runs. */
export function parseTourOptions(argv: readonly string[], knownTargets: readonly string[]): ParsedTourOptions {
  let values: { targets?: string; snapshot?: string; grant?: string; user?: string; target?: string; wait?: string };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        targets: { type: 'string' },
        snapshot: { type: 'string' },
        grant: { type: 'string' },
        user: { type: 'string' },
        target: { type: 'string' },
        wait: { type: 'string' },
      },
    }));
  } catch (error) {
    return { ok: false, problem: `${error instanceof Error ? error.message : String(error)}\n${TOUR_USAGE}` };
  }
  const unknownTarget = (name: string) => `${name} is not a target in chatops.yml (known: ${knownTargets.join(', ')})`;
  const options: TourOptions = { waitMinutes: 30 };
  if (values.targets !== undefined) {
    const targets = values.targets.split(',').map((name) => name.trim());
    const unknown = targets.find((name) => !knownTargets.includes(name));
    if (unknown !== undefined) return { ok: false, problem: `--targets: ${unknownTarget(unknown)}` };
    options.targets = targets;
  }
  if (values.snapshot !== undefined) {
    if (!knownTargets.includes(values.snapshot)) return { ok: false, problem: `--snapshot: ${unknownTarget(values.snapshot)}` };
    options.snapshot = values.snapshot;
  }
  const grantParts = [values.grant, values.user, values.target];
  if (grantParts.some((part) => part !== undefined)) {
    const { grant: role, user, target } = values;
    if (role === undefined || user === undefined || target === undefined) {
      return { ok: false, problem: '--grant needs all three of --grant <role>, --user <db user> and --target <target>' };
    }
    const name = 'a Redshift name in lower case: a letter or _ first, then letters, digits, _ or $';
    if (!REDSHIFT_NAME_RE.test(role)) return { ok: false, problem: `--grant: ${role} is not a role name; use ${name}` };
    if (!REDSHIFT_NAME_RE.test(user)) return { ok: false, problem: `--user: ${user} is not a database user name; use ${name}` };
    if (!knownTargets.includes(target)) return { ok: false, problem: `--target: ${unknownTarget(target)}` };
    options.grant = { role, user, target };
  }
  if (values.wait !== undefined) {
    const minutes = Number(values.wait);
    if (!Number.isInteger(minutes) || minutes < 1 || minutes > 180)
      return { ok: false, problem: `--wait: ${values.wait} is not a whole number of minutes from 1 to 180` };
    options.waitMinutes = minutes;
  }
  return { ok: true, options };
}

export const AREAS = ['bad-requests', 'hostile', 'bursts', 'faults', 'kills'] as const;
export type Area = (typeof AREAS)[number];

export interface ChaosOptions {
  small: boolean;
  seed: number;
  areas: Area[];
  /** Hostile inputs generated: 1,000 in a small run, 30,000 otherwise. */
  hostile: number;
}

const USAGE = `usage: npm run chaos -- [--small] [--seed N] [--areas ${AREAS.join(',')}] [--hostile N]`;

/** Pure: the command line as options, or an Error whose message is the whole answer. */
export function parseChaosArgs(args: readonly string[]): ChaosOptions | Error {
  const options: ChaosOptions = { small: false, seed: 14, areas: [...AREAS], hostile: 0 };
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i];
    const value = args[i + 1];
    if (arg === '--small') options.small = true;
    else if (arg === '--seed' && value !== undefined && /^\d{1,9}$/.test(value)) {
      options.seed = Number(value);
      i += 1;
    } else if (arg === '--hostile' && value !== undefined && /^[1-9]\d{0,6}$/.test(value)) {
      options.hostile = Number(value);
      i += 1;
    } else if (arg === '--areas' && value !== undefined) {
      const names = value.split(',');
      const unknown = names.filter((name) => !(AREAS as readonly string[]).includes(name));
      if (unknown.length > 0) return new Error(`unknown area ${unknown.join(', ')}; ${USAGE}`);
      options.areas = names as Area[];
      i += 1;
    } else return new Error(`unexpected ${arg}; ${USAGE}`);
  }
  if (options.hostile === 0) options.hostile = options.small ? 1_000 : 30_000;
  return options;
}

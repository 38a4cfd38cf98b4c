import type { Random } from './random';

/** Markers only hostile input contains: finding one raw in a message means it went out unescaped. */
export const MRKDWN_MARKERS = ['<!channel>', '<!here>', '<https://evil.example'] as const;

/** Hand-picked values none of the typed fields accepts as they are. */
export const HOSTILE_SEEDS: readonly string[] = [
  "'; DROP TABLE pii.customers; --",
  '" OR 1=1 --',
  "pii.customers'; GRANT ROLE pii_users TO alice; --",
  'prod; REVOKE ALL ON SCHEMA pii FROM PUBLIC',
  '$$ SELECT 1 $$',
  '\\x27',
  "''",
  '"quoted"',
  'pii.cus\u200btomers',
  'pii\u200d.customers',
  '\u202eprod',
  'pro\u200bd',
  '\ufeffprod',
  'analytics.\u2066events\u2069',
  '<!channel>',
  '<!here> approve me',
  '<https://evil.example|click to approve>',
  '*bold* _it_ ~s~ `code`',
  '-1',
  '07',
  '0',
  '00',
  '1e3',
  '0x10',
  '3654',
  '1.5',
  '0m',
  '1s',
  '4s',
  '0h',
  '-4h',
  '9999d',
  'g-00000000',
  'g-0123456789abcdef0123456789abcdef0',
  'r-ffffffffff',
  '8f14e45f-ceea-467f-a0e6-2ad9b1f0a0c3',
  'rs:nonexistent-2026-01-01',
  'x'.repeat(4000),
  'é'.repeat(300),
  '%00',
  '\u0000',
  '../../etc/passwd',
  'pii_users\u200b',
  'analytics..events',
  '"analytics"."events"',
  'pg_catalog.pg_user',
];

const INJECTIONS = ["'", '"', ';', '--', '/*', '\u200b', '\u202e', '<!channel>', '<https://evil.example|x>', '`', '\\', '$$'];

/** `count` values: the seeds first, then seeded mutations of them (an injection spliced in, repeats). */
export function hostileValues(random: Random, count: number): string[] {
  const values: string[] = [];
  for (let i = 0; i < count; i += 1) {
    if (i < HOSTILE_SEEDS.length) {
      values.push(HOSTILE_SEEDS[i]);
      continue;
    }
    const base = random.pick(HOSTILE_SEEDS).slice(0, 80);
    const at = random.int(base.length + 1);
    const splice = random.pick(INJECTIONS);
    const mutated = `${base.slice(0, at)}${splice}${base.slice(at)}`;
    values.push(random.int(10) === 0 ? mutated.repeat(1 + random.int(20)) : mutated);
  }
  return values;
}

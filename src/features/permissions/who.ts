/**
 * Who can read a schema or a table, and through what: superusers, table owners, and every user
 * whose own grants, roles (nested roles followed), groups or PUBLIC give both USAGE on the schema
 * and SELECT on the table or on some of its columns. Pure; computed from one observation.
 */
import { granteeKey, liveGrantFor } from './drift-common';
import type { Grantee, LiveGrant, Observed, Reader } from './types';

const HOW_ORDER: readonly Reader['how'][] = ['superuser', 'owner', 'direct', 'role', 'group', 'public'];

/** One principal a user holds, and the chain of names that gives it (user first). */
interface Held {
  grantee: Grantee;
  chain: string[];
}

/** Everything `user` holds: itself, its roles and the roles those hold (cycles visited once), its groups, PUBLIC. */
function heldBy(observed: Observed, user: string): Held[] {
  const held: Held[] = [{ grantee: { kind: 'user', name: user }, chain: [user] }];
  const seen = new Set<string>();
  const queue: Held[] = observed.members
    .filter((m) => m.user === user)
    .map((m) => ({ grantee: { kind: m.via, name: m.principal }, chain: [user, m.principal] }));
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    const key = granteeKey(next.grantee);
    if (seen.has(key)) continue;
    seen.add(key);
    held.push(next);
    if (next.grantee.kind !== 'role') continue;
    for (const n of observed.nesting) {
      if (n.role === next.grantee.name)
        queue.push({ grantee: { kind: 'role', name: n.grantedRole }, chain: [...next.chain, n.grantedRole] });
    }
  }
  held.push({ grantee: { kind: 'public', name: '' }, chain: [user, 'PUBLIC'] });
  return held;
}

function how(grantee: Grantee): Reader['how'] {
  return grantee.kind === 'user' ? 'direct' : grantee.kind;
}

export function whoCanRead(observed: Observed, schema: string, table: string | undefined, live: readonly LiveGrant[]): Reader[] {
  const info = observed.schemas.find((s) => s.name === schema);
  if (info === undefined) return [];
  const usage = new Set(
    observed.schemaGrants.filter((g) => g.schema === schema && g.privilege === 'USAGE').map((g) => granteeKey(g.grantee)),
  );
  // The schema's owner holds every privilege on it.
  usage.add(granteeKey({ kind: 'user', name: info.owner }));
  const select = new Map(
    observed.tableGrants
      .filter((g) => g.schema === schema && g.privilege === 'SELECT' && (table === undefined || g.sample.includes(table)))
      .map((g) => [granteeKey(g.grantee), g.tables] as const),
  );
  // A column-level SELECT reads part of a table: a reader too (SVV_COLUMN_PRIVILEGES).
  const columnGrants = observed.columnGrants.filter(
    (c) => c.schema === schema && c.privilege === 'SELECT' && (table === undefined || c.table === table),
  );
  const columnReads = (grantee: Grantee): string[] =>
    columnGrants
      .filter((c) => granteeKey(c.grantee) === granteeKey(grantee))
      .map(
        (c) => `SELECT on ${c.columns.length === 1 ? 'column' : 'columns'} ${c.columns.join(', ')} of ${schema}.${c.table} (column-level)`,
      );
  const selectText = (tables: number) =>
    table === undefined ? `SELECT on ${tables} of ${info.tables} tables of ${schema}` : `SELECT on ${schema}.${table}`;

  const readers: Reader[] = observed.superusers.map((name) => ({
    who: { kind: 'user', name },
    how: 'superuser',
    path: [name, 'superuser (bypasses permission checks)'],
  }));
  for (const own of observed.ownership.filter((o) => o.schema === schema)) {
    const owns = table === undefined ? `owns ${own.tables} of ${info.tables} tables of ${schema}` : `owns ${schema}.${table}`;
    readers.push({ who: { kind: 'user', name: own.owner }, how: 'owner', path: [own.owner, owns] });
  }
  const everyone = usage.has('public') && select.has('public');
  if (everyone)
    readers.push({
      who: { kind: 'public', name: '' },
      how: 'public',
      path: ['PUBLIC (every user)', selectText(select.get('public') ?? 0)],
    });

  const users = [...new Set([...observed.users, ...observed.members.map((m) => m.user)])].sort();
  for (const user of users) {
    const held = heldBy(observed, user);
    const usageFrom = held.find((h) => usage.has(granteeKey(h.grantee)));
    if (usageFrom === undefined) continue;
    for (const h of held) {
      const tables = select.get(granteeKey(h.grantee));
      const gives = [
        ...(tables === undefined || (everyone && h.grantee.kind === 'public') ? [] : [selectText(tables)]),
        ...columnReads(h.grantee),
      ];
      for (const what of gives) {
        const path = [...h.chain, what];
        if (granteeKey(usageFrom.grantee) !== granteeKey(h.grantee))
          path.push(`USAGE through ${usageFrom.chain.slice(1).join(' → ') || user}`);
        const grant = h.chain.length > 1 ? liveGrantFor(live, user, h.chain[1]) : undefined;
        readers.push({ who: { kind: 'user', name: user }, how: how(h.grantee), path, ...(grant ? { temporaryUntil: grant.endsAt } : {}) });
      }
    }
  }
  return readers.sort(
    (a, b) =>
      HOW_ORDER.indexOf(a.how) - HOW_ORDER.indexOf(b.how) ||
      a.who.name.localeCompare(b.who.name) ||
      a.path.join('|').localeCompare(b.path.join('|')),
  );
}

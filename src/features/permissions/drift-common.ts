/** Small helpers the drift families share: keys, wording, grantee matching, privilege order. Pure. */
import type { Baseline, DeclaredRole, FindingKind, Grantee, LiveGrant, Observed } from './types';

/** Stable across runs: the kind and what the finding is about, never counts or times. */
export function findingKey(kind: FindingKind, ...parts: readonly string[]): string {
  return JSON.stringify([kind, ...parts]);
}

export function granteeKey(grantee: Grantee): string {
  return grantee.kind === 'public' ? 'public' : `${grantee.kind}:${grantee.name}`;
}

export function sameGrantee(a: Grantee, b: Grantee): boolean {
  return a.kind === b.kind && (a.kind === 'public' || a.name === b.name);
}

/** `user bob`, `role pii_users`, `group etl`, `PUBLIC`. */
export function describeGrantee(grantee: Grantee): string {
  return grantee.kind === 'public' ? 'PUBLIC' : `${grantee.kind} ${grantee.name}`;
}

/** Privileges in the order a page lists them, unknown ones dropped (the pages are the contract). */
export function ordered(privileges: Iterable<string>, order: readonly string[]): string[] {
  const held = new Set(privileges);
  return order.filter((privilege) => held.has(privilege));
}

export function joinWords(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

/** `pii.customers`, or `3 tables of analytics (a, b, c)`, with `…` when the sample is cut. */
export function tablesText(schema: string, tables: number, sample: readonly string[]): string {
  if (tables === 1 && sample.length === 1) return `${schema}.${sample[0]}`;
  const shown = sample.length === 0 ? '' : ` (${sample.join(', ')}${tables > sample.length ? ', …' : ''})`;
  return `${tables} table${tables === 1 ? '' : 's'} of ${schema}${shown}`;
}

/** The declared role a grantee is, if any (same name and kind). */
export function declaredRole(baseline: Baseline, grantee: Grantee): DeclaredRole | undefined {
  return baseline.roles.find((role) => sameGrantee(grantee, { kind: role.kind, name: role.name }));
}

/** Who stands behind a grantee, for `loses`: a user, every user (PUBLIC), or a role's visible members. */
export function holders(observed: Observed, grantee: Grantee): string {
  if (grantee.kind === 'user') return grantee.name;
  if (grantee.kind === 'public') return 'every user who holds it through PUBLIC only';
  const members = observed.members.filter((m) => m.principal === grantee.name && m.via === grantee.kind).map((m) => m.user);
  const list = [...new Set(members)].sort();
  return list.length === 0
    ? `${describeGrantee(grantee)} (no members seen)`
    : `${describeGrantee(grantee)} and its members ${list.join(', ')}`;
}

/** A live temporary grant of the bot that explains `user` holding `role`. */
export function liveGrantFor(live: readonly LiveGrant[], user: string, role: string): LiveGrant | undefined {
  return live.find((grant) => fold(grant.user) === user && fold(grant.role) === role);
}

/** Names as Redshift stores them: ASCII letters in lower case (sql.ts normalizeIdentifier, without its checks). */
function fold(name: string): string {
  return name.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

/**
 * The drift between a target's baseline and what Redshift reports: every difference as a Finding
 * with the statements that fix it, sorted so that running the fixes in order works (principals are
 * created before anything is granted to them). Pure.
 */
import { declaredSchemas } from './baseline';
import { describeGrantee, findingKey, granteeKey, holders } from './drift-common';
import { missingPrincipals, missingStandingMembers, unexplainedMembers } from './drift-members';
import { missingDefaultPrivileges, missingSchemaPrivileges, missingTablePrivileges } from './drift-missing';
import { undeclaredPrivileges } from './drift-undeclared';
import { revokeOnColumns } from './statements';
import type { Baseline, DriftResult, Finding, FindingKind, LiveGrant, Observed } from './types';

/** The order findings are listed and fixed in. */
export const FINDING_ORDER: readonly FindingKind[] = [
  'missing-principal',
  'missing-schema-privilege',
  'missing-table-privilege',
  'missing-default-privilege',
  'missing-standing-member',
  'pii-reached-by-other',
  'public-grant',
  'direct-user-grant',
  'undeclared-schema-privilege',
  'undeclared-table-privilege',
  'standing-temporary-member',
  'undeclared-member',
  'column-grant',
  'row-level-security',
];

/** Findings that rest on the absence of a row: unknown, not missing, when the views hide rows from the bot. */
const UNCONFIRMED: ReadonlySet<FindingKind> = new Set([
  'missing-schema-privilege',
  'missing-table-privilege',
  'missing-default-privilege',
  'missing-standing-member',
]);

const SEPARATE_TABLE =
  'keep the data each group may read in a separate table (or schema) and grant on that table as a whole; the baseline then says who reads it';

function columnGrants(observed: Observed, watched: ReadonlySet<string>): Finding[] {
  return observed.columnGrants
    .filter((c) => watched.has(c.schema))
    .map((c) => {
      const columns = c.columns.length === 1 ? `column ${c.columns[0]}` : `columns ${c.columns.join(', ')}`;
      return {
        kind: 'column-grant',
        key: findingKey('column-grant', c.schema, c.table, granteeKey(c.grantee), c.privilege),
        schema: c.schema,
        summary: `${describeGrantee(c.grantee)} holds ${c.privilege} on ${columns} of ${c.schema}.${c.table} (a column-level grant)`,
        // Only the column grant goes; a table-wide grant the grantee holds stays.
        fix: [revokeOnColumns(c.schema, c.table, c.privilege, c.columns, c.grantee)],
        loses: `${holders(observed, c.grantee)} lose${c.grantee.kind === 'user' ? 's' : ''} ${c.privilege} on ${columns} of ${c.schema}.${c.table}, unless a table-wide grant gives it`,
        advice: `Column-level grants are easy to miss when reviewing who reads what: ${SEPARATE_TABLE}.`,
      };
    });
}

function rowSecurity(observed: Observed, watched: ReadonlySet<string>): Finding[] {
  return observed.rowSecurity
    .filter((r) => watched.has(r.schema))
    .map((r) => ({
      kind: 'row-level-security',
      key: findingKey('row-level-security', r.schema, r.table, ...r.policies),
      schema: r.schema,
      summary: `${r.schema}.${r.table} has row-level security on${r.policies.length > 0 ? ` (policies ${r.policies.join(', ')})` : ''}`,
      // No statement: turning row-level security off would let everyone with SELECT read every row.
      fix: [],
      advice: `Row-level security makes what each person reads depend on policies rather than grants: ${SEPARATE_TABLE}.`,
    }));
}

function byOrder(a: Finding, b: Finding): number {
  const kinds = FINDING_ORDER.indexOf(a.kind) - FINDING_ORDER.indexOf(b.kind);
  if (kinds !== 0) return kinds;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/**
 * `botUser`: the database user the bot runs as, when known; its own membership of a role it hands
 * out is reported with advice, never with a REVOKE that would stop access grants.
 */
export function drift(baseline: Baseline, observed: Observed, live: readonly LiveGrant[], botUser?: string): DriftResult {
  const notes: string[] = [];
  const existing = new Set(observed.schemas.map((schema) => schema.name));
  const declared = declaredSchemas(baseline);
  for (const schema of declared.filter((name) => !existing.has(name))) {
    notes.push(`schema ${schema} does not exist on ${baseline.target}: nothing is checked or granted there until it is created`);
  }
  const watched = new Set(declared.filter((name) => existing.has(name)));
  const users = new Set(observed.users);
  const creators = baseline.tableCreators.filter((creator) => {
    if (users.has(creator)) return true;
    notes.push(
      `tableCreators lists ${creator}, who is not a database user on ${baseline.target}: no default privileges are checked for them`,
    );
    return false;
  });

  const all = [
    ...missingPrincipals(baseline, observed),
    ...missingSchemaPrivileges(baseline, observed),
    ...missingTablePrivileges(baseline, observed),
    ...missingDefaultPrivileges(baseline, observed, creators),
    ...missingStandingMembers(baseline, observed, notes),
    ...undeclaredPrivileges(baseline, observed),
    ...unexplainedMembers(baseline, observed, live, botUser),
    ...columnGrants(observed, watched),
    ...rowSecurity(observed, watched),
  ].sort(byOrder);
  // A view that hides other identities' rows cannot tell a missing grant from a hidden one: those are
  // not reported as missing (nor fixed with a GRANT), only counted. What the bot does see is there.
  const hidden = observed.visibility.complete ? [] : all.filter((finding) => UNCONFIRMED.has(finding.kind));
  const findings = hidden.length === 0 ? all : all.filter((finding) => !UNCONFIRMED.has(finding.kind));

  const gaps: string[] = [];
  if (!observed.visibility.complete) gaps.push(observed.visibility.why);
  if (observed.truncated.length > 0) gaps.push(`these lists were cut at their cap: ${observed.truncated.join(', ')}`);
  if (gaps.length === 0) return { findings, notes, complete: true };
  const missing = observed.visibility.complete
    ? ', and a privilege or member reported missing may exist where the bot could not see it'
    : hidden.length === 0
      ? ''
      : hidden.length === 1
        ? ', and 1 declared privilege or membership the bot could not find is not reported as missing: it may exist where the bot cannot see'
        : `, and ${hidden.length} declared privileges or memberships the bot could not find are not reported as missing: they may exist where the bot cannot see`;
  return {
    findings,
    notes,
    complete: false,
    why: `${gaps.join('; ').replace(/\.$/, '')}. So grants, members and policies the bot could not see are not in these findings${missing}.`,
  };
}

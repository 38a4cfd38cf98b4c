/**
 * `grants baseline`: a target's permissions as Redshift reports them, printed as the chatops.yml
 * `permissions` block, so a team can adopt permissions as code from what it has. Each role's level
 * per schema is inferred from what it holds; what the block cannot say (grants to single users or
 * PUBLIC, levels held only in part) becomes a comment, never a silent omission. Pure.
 */
import { Document, isMap, isScalar, isSeq, visit } from 'yaml';
import { REDSHIFT_NAME_RE } from '../../config/names';
import { REQUIRED_SCHEMA, REQUIRED_TABLE } from './baseline';
import { describeGrantee, granteeKey, joinWords, liveGrantFor, ordered } from './drift-common';
import { TABLE_PRIVILEGES } from './statements';
import type { Grantee, Level, LiveGrant, Observed, PrincipalKind } from './types';

export interface BaselineYamlOptions {
  /** Roles to print as temporaryOnly (those access hands out for a limited time); their members are not standing. */
  temporaryOnly?: readonly string[];
  /** The bot's live temporary grants: the members they explain are not printed as standing. */
  live?: readonly LiveGrant[];
}

interface PrintedRole {
  name: string;
  kind: PrincipalKind;
  schemas: Record<string, Level>;
}

/** The level that covers everything held; `gaps` says what that level needs and is not held everywhere. */
function inferLevel(observed: Observed, schema: string, grantee: Grantee): { level: Level; gaps: string[] } | undefined {
  const key = granteeKey(grantee);
  const onSchema = new Set(
    observed.schemaGrants.filter((g) => g.schema === schema && granteeKey(g.grantee) === key).map((g) => g.privilege),
  );
  const onTables = new Map(
    observed.tableGrants
      .filter((g) => g.schema === schema && granteeKey(g.grantee) === key && TABLE_PRIVILEGES.some((p) => p === g.privilege))
      .map((g) => [g.privilege, g.tables] as const),
  );
  if (onSchema.size === 0 && onTables.size === 0) return undefined;
  const level: Level =
    onSchema.has('CREATE') || [...onTables.keys()].some((p) => p !== 'SELECT') ? 'all' : onTables.has('SELECT') ? 'select' : 'usage';
  const tables = observed.schemas.find((s) => s.name === schema)?.tables ?? 0;
  const gaps = [
    ...REQUIRED_SCHEMA[level].filter((p) => !onSchema.has(p)).map((p) => `${p} on the schema`),
    ...ordered(
      REQUIRED_TABLE[level].filter((p) => (onTables.get(p) ?? 0) < tables),
      TABLE_PRIVILEGES,
    ).map((p) => `${p} on ${tables - (onTables.get(p) ?? 0)} of its ${tables} tables`),
  ];
  return { level, gaps };
}

export function baselineYaml(observed: Observed, options: BaselineYamlOptions = {}): string {
  const temporary = new Set(options.temporaryOnly ?? []);
  const live = options.live ?? [];
  const notes: string[] = [];
  const valid = (name: string, what: string) => {
    if (REDSHIFT_NAME_RE.test(name)) return true;
    notes.push(`${what} ${JSON.stringify(name)} is not a lower-case Redshift name chatops.yml accepts: left out`);
    return false;
  };
  const schemas = observed.schemas.map((s) => s.name).filter((name) => valid(name, 'schema'));

  const roles: PrintedRole[] = [];
  for (const principal of observed.principals) {
    const grantee: Grantee = { kind: principal.kind, name: principal.name };
    const inferred = schemas.flatMap((schema) => {
      const found = inferLevel(observed, schema, grantee);
      return found === undefined ? [] : [{ schema, ...found }];
    });
    if (inferred.length === 0 || !valid(principal.name, principal.kind)) continue;
    for (const { schema, level, gaps } of inferred.filter((i) => i.gaps.length > 0)) {
      notes.push(
        `${describeGrantee(grantee)} on ${schema}: printed as ${level}, which also needs ${joinWords(gaps)}; grants check will propose granting it`,
      );
    }
    roles.push({ name: principal.name, kind: principal.kind, schemas: Object.fromEntries(inferred.map((i) => [i.schema, i.level])) });
  }
  // A schema a temporary-only role reaches may not be declared for a standing role too (chatops.yml refuses it).
  const guarded = new Set(roles.filter((r) => temporary.has(r.name)).flatMap((r) => Object.keys(r.schemas)));
  for (const role of roles.filter((r) => !temporary.has(r.name))) {
    for (const schema of Object.keys(role.schemas).filter((s) => guarded.has(s))) {
      delete role.schemas[schema];
      notes.push(
        `${role.kind} ${role.name} also reaches ${schema}, which a temporaryOnly role guards: left out, so grants check will propose revoking it`,
      );
    }
  }

  const standing: Record<string, string[]> = {};
  for (const member of [...observed.members].sort((a, b) => a.user.localeCompare(b.user) || a.principal.localeCompare(b.principal))) {
    const role = roles.find((r) => r.name === member.principal && r.kind === member.via);
    if (role === undefined || liveGrantFor(live, member.user, role.name) !== undefined) continue;
    if (temporary.has(role.name)) {
      notes.push(`${member.user} holds ${role.name} standing, which is temporaryOnly: grants check will propose revoking it`);
    } else if (valid(member.user, 'user')) {
      standing[member.user] = [...(standing[member.user] ?? []), role.name];
    }
  }

  const printedKeys = new Set(roles.map((r) => granteeKey({ kind: r.kind, name: r.name })));
  const creators = [
    ...new Set(
      observed.defaultGrants
        .filter(
          (d) =>
            d.objectType === 'RELATION' && d.schema !== undefined && schemas.includes(d.schema) && printedKeys.has(granteeKey(d.grantee)),
        )
        .map((d) => d.owner),
    ),
  ]
    .filter((owner) => valid(owner, 'table creator'))
    .sort();

  for (const g of [...observed.schemaGrants, ...observed.tableGrants]) {
    if (g.grantee.kind === 'user' || g.grantee.kind === 'public') {
      notes.push(
        `${describeGrantee(g.grantee)} holds ${g.privilege} on ${'tables' in g ? `${g.tables} table(s) of` : 'schema'} ${g.schema}: chatops.yml cannot declare it, so grants check will propose revoking it`,
      );
    }
  }
  for (const c of observed.columnGrants.filter((grant) => schemas.includes(grant.schema))) {
    notes.push(
      `${describeGrantee(c.grantee)} holds ${c.privilege} on column(s) ${c.columns.join(', ')} of ${c.schema}.${c.table}: chatops.yml cannot declare a column-level grant, so grants check will propose revoking it`,
    );
  }
  for (const r of observed.rowSecurity.filter((rls) => schemas.includes(rls.schema))) {
    notes.push(
      `${r.schema}.${r.table} has row-level security: chatops.yml cannot declare it, so grants check will advise a separate table`,
    );
  }

  const block = {
    roles: Object.fromEntries(
      [...roles]
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((r) => [
          r.name,
          { ...(r.kind === 'group' ? { mode: 'group' } : {}), schemas: r.schemas, temporaryOnly: temporary.has(r.name) },
        ]),
    ),
    ...(Object.keys(standing).length > 0 ? { standing } : {}),
    ...(creators.length > 0 ? { tableCreators: creators } : {}),
  };
  const doc = new Document({ permissions: { [observed.target]: block } });
  // Short maps and lists on one line, as chatops.example.yml writes them.
  visit(doc, {
    Pair(_, pair) {
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      if (
        (key === 'schemas' && isMap(pair.value)) ||
        ((key === 'tableCreators' || Object.prototype.hasOwnProperty.call(standing, key)) && isSeq(pair.value))
      )
        pair.value.flow = true;
    },
  });
  const header = [
    `permissions of ${observed.target} as Redshift reports them; review before adding to chatops.yml.`,
    ...(observed.visibility.complete ? [] : [`incomplete: ${observed.visibility.why}`]),
    ...(observed.truncated.length > 0 ? [`incomplete: these lists were cut at their cap: ${observed.truncated.join(', ')}`] : []),
    ...[...new Set(notes)],
  ];
  // A name with a line break must not end the comment and start YAML of its own.
  const comment = (line: string) => `# ${line.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ')}`;
  return `${header.map(comment).join('\n')}\n${doc.toString({ lineWidth: 0 })}`;
}

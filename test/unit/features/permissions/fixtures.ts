import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseChatopsConfig } from '../../../../src/config/chatops';
import { baselineOf } from '../../../../src/features/permissions/baseline';
import type { Baseline, Grantee, Observed, SchemaGrant, TableGrantSummary, DefaultGrant } from '../../../../src/features/permissions/types';

const EXAMPLE = join(__dirname, '../../../../chatops.example.yml');

/** The example's prod baseline: the brief's matrix. */
export function exampleBaseline(target = 'prod'): Baseline {
  const config = parseChatopsConfig(readFileSync(EXAMPLE, 'utf8'), 'chatops.example.yml');
  return baselineOf(target, config.permissions[target]);
}

export const role = (name: string): Grantee => ({ kind: 'role', name });
export const user = (name: string): Grantee => ({ kind: 'user', name });
export const PUBLIC: Grantee = { kind: 'public', name: '' };

const TABLES: Readonly<Record<string, readonly string[]>> = {
  analytics: ['channel_summary', 'daily_revenue', 'sessions'],
  adhoc: ['campaign_scratch'],
  raw_data: ['user_session_channel'],
  pii: ['customers'],
};

/** What ALL on a table shows in the privilege views (the emulator adds PostgreSQL's TRIGGER, which the pages do not list). */
const ALL_TABLE = ['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'REFERENCES', 'TRUNCATE', 'TRIGGER'];

function grants(
  schema: string,
  who: Grantee,
  level: 'select' | 'all',
): { schema: SchemaGrant[]; tables: TableGrantSummary[]; defaults: DefaultGrant[] } {
  const tablePrivileges = level === 'all' ? ALL_TABLE : ['SELECT'];
  return {
    schema: (level === 'all' ? ['USAGE', 'CREATE'] : ['USAGE']).map((privilege) => ({ schema, grantee: who, privilege })),
    tables: tablePrivileges.map((privilege) => ({
      schema,
      grantee: who,
      privilege,
      tables: TABLES[schema].length,
      sample: TABLES[schema],
    })),
    defaults: tablePrivileges.map((privilege) => ({
      schema,
      owner: 'chatops_admin',
      grantee: who,
      privilege,
      objectType: 'RELATION' as const,
    })),
  };
}

/** The sandbox seed's prod warehouse as a superuser bot sees it: exactly the matrix, nothing else. */
export function seededObserved(): Observed {
  const layout = [
    grants('analytics', role('analytics_authors'), 'all'),
    grants('analytics', role('analytics_users'), 'select'),
    grants('adhoc', role('analytics_authors'), 'all'),
    grants('adhoc', role('analytics_users'), 'all'),
    grants('raw_data', role('analytics_authors'), 'select'),
    grants('raw_data', role('analytics_users'), 'select'),
    grants('pii', role('pii_users'), 'select'),
  ];
  return {
    target: 'prod',
    visibility: { complete: true },
    schemas: Object.entries(TABLES).map(([name, tables]) => ({ name, owner: 'chatops_admin', tables: tables.length })),
    schemaGrants: layout.flatMap((g) => g.schema),
    tableGrants: layout.flatMap((g) => g.tables),
    missing: [],
    defaultGrants: layout.flatMap((g) => g.defaults),
    members: [
      { user: 'bob', principal: 'analytics_authors', via: 'role' },
      { user: 'alice', principal: 'analytics_users', via: 'role' },
      { user: 'carol', principal: 'analytics_users', via: 'role' },
    ],
    nesting: [],
    columnGrants: [],
    rowSecurity: [],
    ownership: Object.entries(TABLES).map(([schema, tables]) => ({ schema, owner: 'chatops_admin', tables: tables.length })),
    superusers: ['chatops_admin'],
    principals: [
      { name: 'analytics_authors', kind: 'role' },
      { name: 'analytics_users', kind: 'role' },
      { name: 'pii_users', kind: 'role' },
    ],
    users: ['alice', 'bob', 'carol', 'chatops_admin'],
    truncated: [],
  };
}

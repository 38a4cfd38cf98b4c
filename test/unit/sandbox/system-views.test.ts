import { SystemCatalog, parseCatalogEntry } from '../../../src/redshift/catalog';
import { systemViewsSql } from '../../../src/sandbox/aws/data/system-views';
import { parseSyslogAccess } from '../../../src/sandbox/aws/data/syslog-access';
import { isCode, tokenize } from '../../../src/sandbox/aws/data/lexer';

const PAGE = 'https://docs.aws.amazon.com/redshift/latest/dg/X.html';

function catalog(...entries: object[]): SystemCatalog {
  return new SystemCatalog(entries.map((entry) => parseCatalogEntry(entry, (entry as { name: string }).name)));
}

const history = {
  name: 'sys_thing_history',
  kind: 'view',
  page: PAGE,
  targets: ['provisioned', 'serverless'],
  visibility: 'own-rows',
  ownerColumn: 'user_id',
  columns: [
    { name: 'user_id', type: 'integer' },
    { name: 'label', type: 'character(32)' },
    { name: 'status', type: 'char', values: ['Running', 'Complete'] },
  ],
};
const clusterOnly = { ...history, name: 'stv_thing', targets: ['provisioned'], visibility: 'superuser', ownerColumn: undefined };

describe('the system views built from the catalog', () => {
  const backing = new Map([
    ['sys_thing_history', new Set(['user_id', 'label', 'status', 'extra'])],
    ['stv_thing', new Set(['user_id', 'label', 'status'])],
  ]);

  it('selects exactly the documented columns, cast to their types, with the row filter of the visibility', () => {
    const sql = systemViewsSql('cluster', catalog(history, clusterOnly), backing);
    expect(sql).toContain(
      'CREATE VIEW redshift_sys."sys_thing_history" AS SELECT CAST(b."user_id" AS integer) AS "user_id", ' +
        'CAST(b."label" AS char(32)) AS "label", CAST(b."status" AS text) AS "status" FROM redshift_internal."sys_thing_history" b WHERE ',
    );
    expect(sql).not.toContain('extra');
    // Who may see is asked once per query (scalar subqueries), not once per row.
    expect(sql).toContain(
      'WHERE (SELECT redshift_internal.is_superuser(current_user)) OR (SELECT redshift_internal.is_unrestricted(current_user)) OR trim(CAST(b."user_id" AS text))',
    );
    expect(sql).toMatch(/redshift_sys\."stv_thing" AS .* WHERE \(SELECT redshift_internal\.is_superuser\(current_user\)\);/);
  });

  it('keeps the blank padding of short CHAR columns and serves a long CHAR as VARCHAR of its length', () => {
    const texts = {
      ...history,
      columns: [
        { name: 'user_id', type: 'integer' },
        { name: 'label', type: 'char(128)' },
        { name: 'status', type: 'character(4000)' },
      ],
    };
    const sql = systemViewsSql('cluster', catalog(texts), backing);
    expect(sql).toContain('CAST(b."label" AS char(128)) AS "label", CAST(b."status" AS varchar(4000)) AS "status"');
  });

  it('creates no view for the other kind of warehouse', () => {
    expect(systemViewsSql('namespace', catalog(history, clusterOnly), backing)).not.toContain('stv_thing');
  });

  it('fails loudly, naming each gap, when a backing lacks a documented column or is missing', () => {
    const short = new Map([['sys_thing_history', new Set(['user_id'])]]);
    expect(() => systemViewsSql('cluster', catalog(history, clusterOnly), short)).toThrow(
      /sys_thing_history lacks the documented column label; .*lacks the documented column status; stv_thing has no backing relation/,
    );
  });

  it('refuses a type it does not know instead of guessing', () => {
    const odd = {
      ...history,
      columns: [
        { name: 'user_id', type: 'integer' },
        { name: 'label', type: 'hllsketch' },
        { name: 'status', type: 'text' },
      ],
    };
    expect(() => systemViewsSql('cluster', catalog(odd), backing)).toThrow(/label has a type the sandbox does not know: hllsketch/);
  });
});

describe('ALTER USER … SYSLOG ACCESS', () => {
  const parse = (sql: string) => parseSyslogAccess(tokenize(sql).filter(isCode));

  it('reads the documented forms', () => {
    expect(parse('ALTER USER alice SYSLOG ACCESS UNRESTRICTED')).toEqual({ kind: 'syslog-access', user: 'alice', unrestricted: true });
    expect(parse('alter user "Bob" with syslog access restricted')).toEqual({ kind: 'syslog-access', user: 'Bob', unrestricted: false });
  });

  it('leaves every other ALTER USER to Postgres', () => {
    expect(parse('ALTER USER alice CREATEDB')).toBeUndefined();
    expect(parse('ALTER USER alice SYSLOG ACCESS UNRESTRICTED CREATEDB')).toBeUndefined();
    expect(parse('SELECT 1')).toBeUndefined();
  });
});

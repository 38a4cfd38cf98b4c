import type { TableRestoreSpec } from '../databases';
import type { PgWorker } from './pg-worker';
import { quoteIdent } from './sql-text';
import { ADMIN_USER } from './system';

/**
 * Who owns a table restored from a snapshot, and what it is granted. The management guide
 * (https://docs.aws.amazon.com/redshift/latest/mgmt/working-with-snapshot-restore-table-from-snapshot.html):
 * "Any dependencies, such as views or permissions granted on the source table, aren't applied to the
 * target table", and the source table's owner owns it if that user exists "provided that the user has
 * sufficient permissions to become the owner of a relation in the specified database and schema";
 * otherwise the admin user made with the cluster does. Whether the target schema's default
 * privileges apply is not said: the emulator grants nothing beyond the owner's own rights.
 */

/** The source table's owner, as the snapshot holds it. */
export async function sourceOwner(source: PgWorker, spec: TableRestoreSpec): Promise<string | undefined> {
  const found = await source.query<{ owner: string }>(
    `SELECT pg_get_userbyid(c.relowner) AS owner FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = $1 AND c.relname = $2 AND c.relkind = 'r'`,
    [spec.sourceSchema, spec.sourceTable],
  );
  return found.rows[0]?.owner;
}

/**
 * Gives the new table (created by the superuser connection) its documented owner and takes away
 * every grant it got on creation. "Sufficient permissions" is read as: a superuser, or CREATE on
 * the target schema.
 */
export async function settleRestoredTable(db: PgWorker, spec: TableRestoreSpec, owner: string | undefined): Promise<string> {
  const target = `${quoteIdent(spec.targetSchema)}.${quoteIdent(spec.newTable)}`;
  const eligible =
    owner === undefined
      ? []
      : (
          await db.query<{ ok: boolean }>(
            `SELECT (r.rolsuper OR has_schema_privilege(r.oid, n.oid, 'CREATE')) AS ok
             FROM pg_roles r, pg_namespace n WHERE r.rolname = $1 AND r.rolcanlogin AND n.nspname = $2`,
            [owner, spec.targetSchema],
          )
        ).rows;
  const newOwner = owner !== undefined && eligible[0]?.ok === true ? owner : ADMIN_USER;
  await db.exec(`ALTER TABLE ${target} OWNER TO ${quoteIdent(newOwner)}`);
  const grantees = await db.query<{ grantee: string | null }>(
    `SELECT DISTINCT CASE WHEN a.grantee = 0 THEN NULL ELSE pg_get_userbyid(a.grantee) END AS grantee
     FROM pg_class c CROSS JOIN LATERAL aclexplode(c.relacl) a
     WHERE c.oid = $1::regclass AND a.grantee <> c.relowner`,
    [target],
  );
  for (const { grantee } of grantees.rows) {
    await db.exec(`REVOKE ALL ON ${target} FROM ${grantee === null ? 'PUBLIC' : quoteIdent(grantee)}`);
  }
  return newOwner;
}

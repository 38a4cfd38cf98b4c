import { PGlite } from '@electric-sql/pglite';
const db = new PGlite();
await db.exec(`CREATE ROLE alice LOGIN; CREATE SCHEMA pii; CREATE TABLE pii.customers(id int, email text); INSERT INTO pii.customers VALUES (1,'a@x');
CREATE ROLE pii_users; GRANT USAGE ON SCHEMA pii TO pii_users; GRANT SELECT ON ALL TABLES IN SCHEMA pii TO pii_users;`);
try { await db.exec('SET ROLE alice; SELECT * FROM pii.customers;'); } catch (e) { console.log('denied:', e.message); }
await db.exec('RESET ROLE; GRANT pii_users TO alice;');
await db.exec('SET ROLE alice');
console.log((await db.query('SELECT * FROM pii.customers')).rows);
await db.exec('RESET ROLE');
console.log((await db.query('select current_user')).rows);
const t0=Date.now(); const dump = await db.dumpDataDir('none'); console.log('dump', dump.size, Date.now()-t0);
const t1=Date.now(); const db2 = new PGlite({ loadDataDir: dump }); console.log((await db2.query('SELECT count(*) FROM pii.customers')).rows, Date.now()-t1);

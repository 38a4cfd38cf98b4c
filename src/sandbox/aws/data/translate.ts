import { isCode, isWord, type Token } from './lexer';
import { parseShowModel, type ShowModelTranslation } from './show-model';
import { parseSyslogAccess, type SyslogAccessTranslation } from './syslog-access';

/**
 * The Redshift-only SQL the bot emits, rewritten for Postgres. Deliberately small and explicit:
 * each rule below names the Redshift form it handles; anything else passes through unchanged
 * and Postgres judges it.
 */
export type VacuumMode = 'FULL' | 'SORT ONLY' | 'DELETE ONLY' | 'REINDEX' | 'RECLUSTER';

export type Translation =
  /** Plain SQL for Postgres. `createdGroup` is set for CREATE GROUP, so the host can remember it was a group. */
  | { kind: 'sql'; tokens: Token[]; createdGroup?: string }
  /** Redshift VACUUM: the host runs a real VACUUM and updates the seeded table statistics. */
  | { kind: 'vacuum'; mode: VacuumMode; table?: string; toPercent: number; boost: boolean }
  /** ANALYZE: the host runs it and marks the statistics current. */
  | { kind: 'analyze'; table?: string }
  /** SHOW MODEL name: answered from the ML models' backing table (show-model.ts). */
  | ShowModelTranslation
  /** ALTER USER u SYSLOG ACCESS …: kept for the system views' row filters (syslog-access.ts). */
  | SyslogAccessTranslation;

/** Default VACUUM threshold (percent sorted / not deleted), as in Redshift. */
export const DEFAULT_VACUUM_PERCENT = 95;

/** Translates one statement (no trailing `;`). */
export function translate(statement: readonly Token[]): Translation {
  const code = statement.filter(isCode);
  if (isWord(code[0], 'VACUUM')) {
    const vacuum = parseVacuum(code);
    if (vacuum) return vacuum;
  }
  if (isWord(code[0], 'ANALYZE')) {
    const analyze = parseAnalyze(code);
    if (analyze) return analyze;
  }
  const showModel = parseShowModel(code);
  if (showModel) return showModel;
  const syslogAccess = parseSyslogAccess(code);
  if (syslogAccess) return syslogAccess;
  if (isWord(code[0], 'CREATE') && isWord(code[1], 'GROUP')) return createGroup(code);
  if (isWord(code[0], 'ALTER') && isWord(code[1], 'GROUP') && isWord(code[3], 'ADD', 'DROP') && isWord(code[4], 'USER')) {
    return alterGroup(code);
  }
  let tokens = rewriteFunctions([...statement]);
  if (isWord(code[0], 'GRANT', 'REVOKE')) tokens = dropRoleKeywords(tokens, 'grant');
  if (isWord(code[0], 'ALTER') && isWord(code[1], 'DEFAULT') && isWord(code[2], 'PRIVILEGES')) {
    tokens = dropRoleKeywords(tokens, 'default-privileges');
  }
  if (isWord(code[0], 'CREATE', 'ALTER') && isWord(code[1], 'USER')) tokens = dropPasswordDisable(tokens);
  return { kind: 'sql', tokens };
}

/**
 * Whether a statement would change the session's identity (SET ROLE, SET SESSION AUTHORIZATION,
 * RESET, DISCARD, set_config), directly or in the body of a function, procedure or DO block it
 * defines. The host runs every statement as its database user with SET ROLE over a superuser
 * session, so a plain user must not be able to step out of it. (Dynamic SQL built from pieces can
 * still hide it; the host also checks the role after every statement.)
 */
export function changesSessionIdentity(statement: readonly Token[]): boolean {
  const code = statement.filter(isCode);
  const callsSetConfig = code.some((token, i) => isWord(token, 'SET_CONFIG') && code[i + 1]?.text === '(');
  if (callsSetConfig || isWord(code[0], 'RESET', 'DISCARD')) return true;
  if (isWord(code[0], 'SET')) {
    // SET [LOCAL] ROLE …, SET [LOCAL] SESSION AUTHORIZATION …, SET SESSION ROLE …
    const rest = isWord(code[1], 'LOCAL') ? code.slice(2) : code.slice(1);
    return isWord(rest[0], 'ROLE') || (isWord(rest[0], 'SESSION') && isWord(rest[1], 'ROLE', 'AUTHORIZATION'));
  }
  const definesCode = isWord(code[0], 'DO') || (isWord(code[0], 'CREATE') && code.some((t) => isWord(t, 'FUNCTION', 'PROCEDURE')));
  return definesCode && code.some((token) => token.kind === 'string' && IDENTITY_CHANGE.test(token.text));
}

const IDENTITY_CHANGE =
  /\bset_config\b|\bsession[_\s]+authorization\b|\b(set|reset)\s+(local\s+|session\s+)?role\b|\breset\s+all\b|\bdiscard\b/i;

function parseVacuum(code: Token[]): Translation | undefined {
  let i = 1;
  let mode: VacuumMode = 'FULL';
  if (isWord(code[i], 'FULL')) {
    i += 1;
  } else if (isWord(code[i], 'SORT', 'DELETE') && isWord(code[i + 1], 'ONLY')) {
    mode = code[i].text.toUpperCase() === 'SORT' ? 'SORT ONLY' : 'DELETE ONLY';
    i += 2;
  } else if (isWord(code[i], 'REINDEX', 'RECLUSTER')) {
    mode = code[i].text.toUpperCase() as VacuumMode;
    i += 1;
  }
  let table: string | undefined;
  if (code[i] && !isWord(code[i], 'TO', 'BOOST')) {
    const name = readQualifiedName(code, i);
    if (!name) return undefined;
    table = name.text;
    i = name.next;
  }
  let toPercent = DEFAULT_VACUUM_PERCENT;
  if (isWord(code[i], 'TO')) {
    const n = code[i + 1];
    if (n?.kind !== 'number' || !isWord(code[i + 2], 'PERCENT')) return undefined;
    toPercent = Number(n.text);
    if (!Number.isInteger(toPercent) || toPercent < 0 || toPercent > 100) return undefined;
    i += 3;
  }
  const boost = isWord(code[i], 'BOOST');
  if (boost) i += 1;
  // Anything left (Postgres options such as VERBOSE or a column list) is not Redshift's VACUUM.
  return i === code.length ? { kind: 'vacuum', mode, table, toPercent, boost } : undefined;
}

function parseAnalyze(code: Token[]): Translation | undefined {
  let i = 1;
  if (isWord(code[i], 'VERBOSE')) i += 1;
  if (isWord(code[i], 'COMPRESSION')) return undefined;
  let table: string | undefined;
  if (code[i] && !isWord(code[i], 'PREDICATE', 'ALL')) {
    const name = readQualifiedName(code, i);
    if (!name) return undefined;
    table = name.text;
    i = name.next;
    // A column list narrows what Redshift analyzes; the emulator analyzes the whole table.
    if (code[i]?.text === '(') {
      const close = code.findIndex((token, j) => j > i && token.text === ')');
      if (close === -1) return undefined;
      i = close + 1;
    }
  }
  // PREDICATE COLUMNS / ALL COLUMNS choose which columns Redshift analyzes; likewise.
  if (isWord(code[i], 'PREDICATE', 'ALL') && isWord(code[i + 1], 'COLUMNS')) i += 2;
  return i === code.length ? { kind: 'analyze', table } : undefined;
}

/** `schema.table`, `"Schema"."Table"` or `table`, starting at code[i]. */
function readQualifiedName(code: Token[], start: number): { text: string; next: number } | undefined {
  const parts: string[] = [];
  let i = start;
  for (;;) {
    const part = code[i];
    if (!part || (part.kind !== 'word' && part.kind !== 'identifier')) return undefined;
    parts.push(part.text);
    i += 1;
    if (code[i]?.text !== '.') break;
    i += 1;
  }
  return parts.length <= 3 ? { text: parts.join('.'), next: i } : undefined;
}

/** A role name as Postgres stores it: unquoted words fold to lower case. */
export function identifierName(token: Token): string {
  return token.kind === 'identifier' ? token.text.slice(1, -1).replace(/""/g, '"') : token.text.toLowerCase();
}

/** `CREATE GROUP g [[WITH] USER u, …]` -> `CREATE ROLE g NOLOGIN [ROLE u, …]` (a group is a role that cannot log in). */
function createGroup(code: Token[]): Translation {
  const group = code[2];
  if (!group || (group.kind !== 'word' && group.kind !== 'identifier')) return { kind: 'sql', tokens: code };
  let i = 3;
  if (isWord(code[i], 'WITH')) i += 1;
  let members = '';
  if (isWord(code[i], 'USER')) {
    members = ` ROLE ${code
      .slice(i + 1)
      .map((t) => t.text)
      .join(' ')
      .replace(/ ,/g, ',')}`;
    i = code.length;
  }
  if (i !== code.length) return { kind: 'sql', tokens: code };
  return {
    kind: 'sql',
    tokens: [{ kind: 'word', text: `CREATE ROLE ${group.text} NOLOGIN${members}` }],
    createdGroup: identifierName(group),
  };
}

/** `ALTER GROUP g ADD USER u, v` -> `GRANT g TO u, v`; `… DROP USER …` -> `REVOKE g FROM …`. */
function alterGroup(code: Token[]): Translation {
  const group = code[2].text;
  const users = code
    .slice(5)
    .map((t) => t.text)
    .join(' ')
    .replace(/ ,/g, ',');
  const sql = isWord(code[3], 'ADD') ? `GRANT ${group} TO ${users}` : `REVOKE ${group} FROM ${users}`;
  return { kind: 'sql', tokens: [{ kind: 'word', text: sql }] };
}

/**
 * Redshift writes the ROLE keyword where Postgres has none: `GRANT ROLE r TO ROLE b`,
 * `REVOKE ROLE r FROM "u"`, `GRANT USAGE ON SCHEMA s TO ROLE r`, `ALTER DEFAULT PRIVILEGES … TO ROLE r`.
 * Drop it there (after GRANT/REVOKE/ADMIN OPTION FOR, after TO/FROM, and after a comma in those lists).
 */
function dropRoleKeywords(tokens: Token[], kind: 'grant' | 'default-privileges'): Token[] {
  const out: Token[] = [];
  let previous: Token | undefined;
  let inRoleList = false;
  let skipSpace = false;
  for (const token of tokens) {
    if (!isCode(token)) {
      if (!(skipSpace && token.kind === 'space')) out.push(token);
      skipSpace = false;
      continue;
    }
    skipSpace = false;
    if (isWord(token, 'ROLE') && previous) {
      const afterListStart = isWord(previous, 'TO', 'FROM') || (kind === 'grant' && isWord(previous, 'GRANT', 'REVOKE', 'FOR'));
      if (afterListStart || (previous.text === ',' && inRoleList)) {
        inRoleList = true;
        skipSpace = true;
        continue;
      }
    }
    if (isWord(token, 'TO', 'FROM')) inRoleList = true;
    else if (isWord(token, 'ON', 'WITH', 'GRANTED')) inRoleList = false;
    out.push(token);
    previous = token;
  }
  return out;
}

/** Redshift's `PASSWORD DISABLE` (a user who cannot log in with a password) has no Postgres spelling. */
function dropPasswordDisable(tokens: Token[]): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < tokens.length; i += 1) {
    const next = tokens.slice(i + 1).find(isCode);
    if (isWord(tokens[i], 'PASSWORD') && isWord(next, 'DISABLE')) {
      if (out.length > 0 && out[out.length - 1].kind === 'space') out.pop();
      i = tokens.indexOf(next as Token, i);
      continue;
    }
    out.push(tokens[i]);
  }
  return out;
}

/**
 * Function and view names that mean something else in Postgres:
 * `PG_TERMINATE_BACKEND(pid)` ends an STV_SESSIONS row (the caller passed along for the privilege check),
 * `PG_GROUP` lists groups (Postgres's own view also lists its predefined roles),
 * `GETDATE()` / `SYSDATE` read the emulator's clock, `CURRENT_DATABASE()` names the Redshift database
 * (every one of a warehouse's databases is the same Postgres database), and `DATEADD(part, n, t)` /
 * `DATEDIFF(part, a, b)` take a bare date part.
 */
function rewriteFunctions(tokens: Token[]): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < tokens.length; i += 1) {
    const token = tokens[i];
    const nextCode = nextCodeIndex(tokens, i);
    const followedByParen = nextCode !== -1 && tokens[nextCode].text === '(';
    const qualifiedByOther = previousCode(out)?.text === '.' && !isPgCatalogQualifier(out);
    if (token.kind !== 'word' || qualifiedByOther) {
      out.push(token);
      continue;
    }
    const word = token.text.toUpperCase();
    if (word === 'PG_TERMINATE_BACKEND' && followedByParen) {
      dropPgCatalogQualifier(out);
      out.push({ kind: 'word', text: 'redshift_sys.terminate_backend(current_user::text,' });
      i = nextCode;
    } else if (word === 'PG_GROUP' && !followedByParen) {
      dropPgCatalogQualifier(out);
      out.push({ kind: 'word', text: 'redshift_sys.pg_group' });
    } else if (word === 'GETDATE' && followedByParen) {
      out.push({ kind: 'word', text: 'redshift_sys.getdate' });
    } else if (word === 'CURRENT_DATABASE' && followedByParen) {
      dropPgCatalogQualifier(out);
      out.push({ kind: 'word', text: 'redshift_sys.current_database' });
    } else if (word === 'SYSDATE' && !followedByParen) {
      out.push({ kind: 'word', text: 'redshift_sys.getdate()' });
    } else if ((word === 'DATEADD' || word === 'DATEDIFF') && followedByParen) {
      const part = nextCodeIndex(tokens, nextCode);
      out.push({ kind: 'word', text: `redshift_sys.${word.toLowerCase()}(` });
      if (part !== -1 && tokens[part].kind === 'word') {
        out.push({ kind: 'string', text: `'${tokens[part].text.toLowerCase()}'` });
        i = part;
      } else {
        i = nextCode;
      }
    } else {
      out.push(token);
    }
  }
  return out;
}

function nextCodeIndex(tokens: Token[], from: number): number {
  for (let j = from + 1; j < tokens.length; j += 1) if (isCode(tokens[j])) return j;
  return -1;
}

function previousCode(tokens: Token[], skip = 0): Token | undefined {
  let seen = 0;
  for (let j = tokens.length - 1; j >= 0; j -= 1) {
    if (!isCode(tokens[j])) continue;
    if (seen === skip) return tokens[j];
    seen += 1;
  }
  return undefined;
}

function isPgCatalogQualifier(out: Token[]): boolean {
  return previousCode(out)?.text === '.' && isWord(previousCode(out, 1), 'PG_CATALOG');
}

function dropPgCatalogQualifier(out: Token[]): void {
  if (!isPgCatalogQualifier(out)) return;
  while (out.length > 0 && !isWord(out[out.length - 1], 'PG_CATALOG')) out.pop();
  out.pop();
}

import { isCode, isWord, type Token } from './lexer';
import { parseAnalyze, parseVacuum, type AnalyzeTranslation, type VacuumTranslation } from './maintenance-sql';
import { parseShowModel, type ShowModelTranslation } from './show-model';
import { parseSyslogAccess, type SyslogAccessTranslation } from './syslog-access';

/**
 * The Redshift-only SQL the bot emits, rewritten for Postgres. Deliberately small and explicit:
 * each rule below names the Redshift form it handles; anything else passes through unchanged
 * and Postgres judges it.
 */
export type Translation =
  /** Plain SQL for Postgres. `createdGroup` is set for CREATE GROUP, so the host can remember it was a group. */
  | { kind: 'sql'; tokens: Token[]; createdGroup?: string }
  /** Redshift VACUUM: the host runs a real VACUUM and updates the seeded table statistics. */
  | VacuumTranslation
  /** ANALYZE: the host runs it and marks the statistics current. */
  | AnalyzeTranslation
  /** SHOW MODEL name: answered from the ML models' backing table (show-model.ts). */
  | ShowModelTranslation
  /** ALTER USER u SYSLOG ACCESS …: kept for the system views' row filters (syslog-access.ts). */
  | SyslogAccessTranslation;

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

/**
 * The one place SQL text is built from names. Identifiers (role, user, schema, table, …) cannot be
 * Data API parameters, so they are validated and double-quoted here; values always travel as
 * parameters (`:name`), never inside the SQL text.
 */

/** What an identifier names; used in error messages so the user knows which input was wrong. */
export type IdentifierKind = 'role' | 'user' | 'group' | 'schema' | 'table' | 'column' | 'database' | 'policy';

/** Redshift's limit (Database Developer Guide, "Names and identifiers"): identifiers are 1–127 bytes of UTF-8. */
export const MAX_IDENTIFIER_BYTES = 127;
/** The Data API refuses more than 100 KB of SQL in one statement. */
export const MAX_SQL_BYTES = 100 * 1024;

const LABELS: Record<IdentifierKind, string> = {
  role: 'role name',
  user: 'user name',
  group: 'group name',
  schema: 'schema name',
  table: 'table name',
  column: 'column name',
  database: 'database name',
  policy: 'policy name',
};

/** Shown when the user typed something we refuse; names the kind and a shortened, printable copy of it. */
export class InvalidIdentifierError extends Error {
  constructor(
    readonly kind: IdentifierKind,
    readonly value: string,
    readonly reason: string,
  ) {
    super(`${LABELS[kind]} ${preview(value)} ${reason}`);
    this.name = 'InvalidIdentifierError';
  }

  userMessage(): string {
    return this.message;
  }
}

// C0, DEL and C1 controls (NUL included): never legitimate in a name, and they hide text in Slack and logs.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/u;
// Unpaired UTF-16 surrogates cannot be encoded as UTF-8, so Redshift could never store such a name.
const LONE_SURROGATE = /[\ud800-\udfff]/u;
// Format characters (\p{Cf}: zero-width space and joiners, word joiner, BOM, soft hyphen, bidi
// controls, tags), variation selectors, the combining grapheme joiner and the blank Hangul fillers:
// a name holding one looks like another name, so it is refused, never cleaned up.
export const INVISIBLE_CHARACTER = /[\p{Cf}\u034F\u115F\u1160\u3164\uFFA0\uFE00-\uFE0F\u180B-\u180F\u{E0100}-\u{E01EF}]/u;

/** `U+200B`: how a refused character is named, since it cannot be shown. */
export function codePoint(char: string): string {
  return `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * Why a word is not exactly what it looks like, or undefined: an invisible character, or one that
 * Unicode compatibility folding (NFKC) would change (a full-width letter, a ligature, a letter and a
 * separate accent). Shared by the command parser and the identifier validator below.
 */
export function lookAlikeProblem(word: string): string | undefined {
  const invisible = INVISIBLE_CHARACTER.exec(word);
  if (invisible) return `contains an invisible character (${codePoint(invisible[0])}); type it again without it`;
  if (word.normalize('NFKC') !== word) {
    const odd = [...word].find((char) => char.normalize('NFKC') !== char);
    return `contains ${odd ? `the character ${codePoint(odd)}, which` : 'a character that'} looks like another; use plain letters and digits`;
  }
  return undefined;
}

/**
 * Validates a name and returns it as Redshift stores it: ASCII letters folded to lower case (case
 * sensitivity is off by default), everything else untouched. Use it to compare with catalog rows
 * (SVV_USER_GRANTS.user_name, …) or to pass a name as a parameter value.
 */
export function normalizeIdentifier(name: string, what: IdentifierKind): string {
  if (typeof name !== 'string' || name.length === 0) throw new InvalidIdentifierError(what, '', 'is empty');
  if (CONTROL.test(name)) throw new InvalidIdentifierError(what, name, 'contains a control character; use printable characters only');
  if (LONE_SURROGATE.test(name)) throw new InvalidIdentifierError(what, name, 'is not valid Unicode text');
  const lookAlike = lookAlikeProblem(name);
  if (lookAlike) throw new InvalidIdentifierError(what, name, lookAlike);
  const bytes = Buffer.byteLength(name, 'utf8');
  if (bytes > MAX_IDENTIFIER_BYTES) {
    throw new InvalidIdentifierError(what, name, `is longer than ${MAX_IDENTIFIER_BYTES} bytes (${bytes} bytes in UTF-8)`);
  }
  return name.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

/** The validated, folded name as a delimited identifier: `"name"`, a `"` inside doubled. */
export function quoteIdentifier(name: string, what: IdentifierKind): string {
  return `"${normalizeIdentifier(name, what).replace(/"/g, '""')}"`;
}

/** `"schema"."table"`, each part validated on its own. */
export function qualifiedName(schema: string, table: string): string {
  return `${quoteIdentifier(schema, 'schema')}.${quoteIdentifier(table, 'table')}`;
}

/** A statement for the Data API: SQL text plus named values it refers to as `:name`. */
export interface SqlStatement {
  sql: string;
  parameters?: Record<string, string>;
}

/** Refused before anything is sent: a malformed parameter list is a bug in the bot, said plainly. */
export class InvalidStatementError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidStatementError';
  }

  userMessage(): string {
    return `The bot built an invalid SQL statement: ${this.message}`;
  }
}

const PARAMETER_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Checks a statement before it goes to the Data API: SQL non-empty and within the size limit,
 * parameter names `[A-Za-z_][A-Za-z0-9_]*`, each one used as `:name` in the SQL, values non-empty
 * (the Data API refuses empty values; write NULL or '' in the SQL instead). Returns it unchanged.
 */
export function checkStatement(statement: SqlStatement): SqlStatement {
  if (statement.sql.trim().length === 0) throw new InvalidStatementError('the SQL text is empty');
  const bytes = Buffer.byteLength(statement.sql, 'utf8');
  if (bytes > MAX_SQL_BYTES) throw new InvalidStatementError(`the SQL text is ${bytes} bytes; the Data API takes at most ${MAX_SQL_BYTES}`);
  for (const [name, value] of Object.entries(statement.parameters ?? {})) {
    if (!PARAMETER_NAME.test(name)) {
      throw new InvalidStatementError(
        `parameter name ${JSON.stringify(name)} is not letters, digits and underscores starting with a letter or underscore`,
      );
    }
    if (typeof value !== 'string' || value.length === 0) {
      throw new InvalidStatementError(`parameter :${name} is empty; the Data API refuses empty values`);
    }
    // `(?<!:)` so a cast such as `x::text` does not count as a use of :text.
    if (!new RegExp(`(?<!:):${name}(?![A-Za-z0-9_])`).test(statement.sql)) {
      throw new InvalidStatementError(`parameter :${name} is not used in the SQL`);
    }
  }
  return statement;
}

/** Builds a checked statement; `sql` holds only constant text and quoted identifiers. */
export function statement(sql: string, parameters?: Record<string, string>): SqlStatement {
  return checkStatement(parameters === undefined ? { sql } : { sql, parameters });
}

/** The Data API's parameter list, in a stable order. */
export function toSqlParameters(parameters: Record<string, string> | undefined): Array<{ name: string; value: string }> | undefined {
  if (parameters === undefined) return undefined;
  const entries = Object.entries(parameters);
  return entries.length === 0 ? undefined : entries.map(([name, value]) => ({ name, value }));
}

/** A short, printable copy of user input for messages: escapes controls and cuts long text. */
function preview(value: string): string {
  const shown = value.length > 40 ? `${value.slice(0, 37)}...` : value;
  return JSON.stringify(shown);
}

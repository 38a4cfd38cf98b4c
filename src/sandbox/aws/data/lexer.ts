/**
 * A small SQL lexer: just enough to tell code from quoted text, so statements can be split on `;`,
 * Data API `:name` parameters bound, and Redshift-only syntax rewritten without touching strings,
 * quoted identifiers, comments or dollar-quoted bodies.
 */
export type TokenKind =
  | 'space'
  | 'comment'
  | 'word'
  | 'identifier' // "quoted"
  | 'string' // 'text', E'text', $$text$$
  | 'number'
  | 'named' // :name (Data API parameter)
  | 'positional' // $1
  | 'punct';

export interface Token {
  kind: TokenKind;
  text: string;
}

const WORD_START = /[A-Za-z_\u0080-\uffff]/;
const WORD_PART = /[A-Za-z0-9_$\u0080-\uffff]/;
const DOLLAR_TAG = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/;

export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const push = (kind: TokenKind, end: number): void => {
    tokens.push({ kind, text: sql.slice(i, end) });
    i = end;
  };
  while (i < sql.length) {
    const c = sql[i];
    const next = sql[i + 1] ?? '';
    if (/\s/.test(c)) {
      let end = i + 1;
      while (end < sql.length && /\s/.test(sql[end])) end += 1;
      push('space', end);
    } else if (c === '-' && next === '-') {
      const newline = sql.indexOf('\n', i);
      push('comment', newline === -1 ? sql.length : newline);
    } else if (c === '/' && next === '*') {
      push('comment', blockCommentEnd(sql, i));
    } else if (c === "'") {
      push('string', quotedEnd(sql, i, "'", false));
    } else if ((c === 'E' || c === 'e') && next === "'") {
      push('string', quotedEnd(sql, i + 1, "'", true));
    } else if (/[BbXxNn]/.test(c) && next === "'" && !WORD_PART.test(sql[i - 1] ?? ' ')) {
      push('string', quotedEnd(sql, i + 1, "'", false));
    } else if (c === '"') {
      push('identifier', quotedEnd(sql, i, '"', false));
    } else if (c === '$' && /[0-9]/.test(next)) {
      let end = i + 1;
      while (end < sql.length && /[0-9]/.test(sql[end])) end += 1;
      push('positional', end);
    } else if (c === '$' && DOLLAR_TAG.test(sql.slice(i, i + 64))) {
      const tag = DOLLAR_TAG.exec(sql.slice(i, i + 64))?.[0] ?? '$$';
      const close = sql.indexOf(tag, i + tag.length);
      push('string', close === -1 ? sql.length : close + tag.length);
    } else if (WORD_START.test(c)) {
      let end = i + 1;
      while (end < sql.length && WORD_PART.test(sql[end])) end += 1;
      push('word', end);
    } else if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(next))) {
      let end = i + 1;
      while (end < sql.length && /[0-9.eE]/.test(sql[end])) {
        // An exponent sign belongs to the number (1e-5).
        if (/[eE]/.test(sql[end]) && /[+-]/.test(sql[end + 1] ?? '')) end += 1;
        end += 1;
      }
      push('number', end);
    } else if (c === ':' && next === ':') {
      push('punct', i + 2);
    } else if (c === ':' && WORD_START.test(next)) {
      let end = i + 2;
      while (end < sql.length && WORD_PART.test(sql[end]) && sql[end] !== '$') end += 1;
      push('named', end);
    } else {
      push('punct', i + 1);
    }
  }
  return tokens;
}

function quotedEnd(sql: string, open: number, quote: string, backslashEscapes: boolean): number {
  let i = open + 1;
  while (i < sql.length) {
    const c = sql[i];
    if (backslashEscapes && c === '\\') {
      i += 2;
    } else if (c === quote) {
      if (sql[i + 1] === quote) i += 2;
      else return i + 1;
    } else {
      i += 1;
    }
  }
  return sql.length;
}

function blockCommentEnd(sql: string, open: number): number {
  // Postgres block comments nest.
  let depth = 0;
  let i = open;
  while (i < sql.length) {
    if (sql.startsWith('/*', i)) {
      depth += 1;
      i += 2;
    } else if (sql.startsWith('*/', i)) {
      depth -= 1;
      i += 2;
      if (depth === 0) return i;
    } else {
      i += 1;
    }
  }
  return sql.length;
}

export function isCode(token: Token): boolean {
  return token.kind !== 'space' && token.kind !== 'comment';
}

/** Case-insensitive keyword test for a word token. */
export function isWord(token: Token | undefined, ...words: string[]): boolean {
  return token !== undefined && token.kind === 'word' && words.includes(token.text.toUpperCase());
}

/** The statements of a script, split on top-level `;`; empty statements (only blanks or comments) dropped. */
export function splitStatements(sql: string): Token[][] {
  const statements: Token[][] = [];
  let current: Token[] = [];
  for (const token of tokenize(sql)) {
    if (token.kind === 'punct' && token.text === ';') {
      statements.push(current);
      current = [];
    } else {
      current.push(token);
    }
  }
  statements.push(current);
  return statements.map(trim).filter((statement) => statement.some(isCode));
}

function trim(tokens: Token[]): Token[] {
  let start = 0;
  let end = tokens.length;
  while (start < end && tokens[start].kind === 'space') start += 1;
  while (end > start && tokens[end - 1].kind === 'space') end -= 1;
  return tokens.slice(start, end);
}

export function render(tokens: readonly Token[]): string {
  return tokens.map((token) => token.text).join('');
}

export interface SqlParameter {
  name: string;
  value: string;
}

/**
 * Data API parameters: each `:name` outside quotes becomes `$n` (one number per distinct name)
 * and its value a bind value, so a value can never become SQL. A `:name` with no supplied value
 * is left as written (Postgres then reports the syntax error, as Redshift would).
 */
export function bindParameters(tokens: readonly Token[], parameters: readonly SqlParameter[]): { tokens: Token[]; values: string[] } {
  const supplied = new Map(parameters.map((p) => [p.name, p.value]));
  const numbers = new Map<string, number>();
  const values: string[] = [];
  const bound = tokens.map((token): Token => {
    if (token.kind !== 'named') return token;
    const name = token.text.slice(1);
    const value = supplied.get(name);
    if (value === undefined) return token;
    let n = numbers.get(name);
    if (n === undefined) {
      values.push(value);
      n = values.length;
      numbers.set(name, n);
    }
    return { kind: 'positional', text: `$${n}` };
  });
  return { tokens: bound, values };
}

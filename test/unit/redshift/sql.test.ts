import {
  InvalidIdentifierError,
  InvalidStatementError,
  checkStatement,
  normalizeIdentifier,
  qualifiedName,
  quoteIdentifier,
  statement,
  toSqlParameters,
} from '../../../src/redshift/sql';

/** A quoted identifier is safe when nothing but doubled quotes appears between its outer quotes. */
function isSingleQuotedIdentifier(quoted: string): boolean {
  return /^"(?:[^"]|"")*"$/.test(quoted);
}

describe('quoteIdentifier', () => {
  it('quotes a plain name and folds ASCII to lower case', () => {
    expect(quoteIdentifier('pii_users', 'role')).toBe('"pii_users"');
    expect(quoteIdentifier('Alice', 'user')).toBe('"alice"');
    expect(quoteIdentifier('PII', 'schema')).toBe('"pii"');
  });

  it('keeps an injection attempt inside one identifier', () => {
    const quoted = quoteIdentifier('pii_users; DROP TABLE pii.customers', 'role');
    expect(quoted).toBe('"pii_users; drop table pii.customers"');
    expect(isSingleQuotedIdentifier(quoted)).toBe(true);
  });

  it('doubles quotes so a name cannot close its own identifier', () => {
    expect(quoteIdentifier('a"b', 'table')).toBe('"a""b"');
    const hostile = quoteIdentifier('"; --', 'role');
    expect(hostile).toBe('"""; --"');
    expect(isSingleQuotedIdentifier(hostile)).toBe(true);
    const breakout = quoteIdentifier('x" TO "alice"; GRANT ROLE "pii_users', 'role');
    expect(isSingleQuotedIdentifier(breakout)).toBe(true);
    expect(breakout).toBe('"x"" to ""alice""; grant role ""pii_users"');
  });

  it('treats comment markers as ordinary characters inside the quotes', () => {
    for (const name of ['users -- comment', 'users /* x */', '*/ drop', '--']) {
      const quoted = quoteIdentifier(name, 'table');
      expect(quoted).toBe(`"${name.toLowerCase()}"`);
      expect(isSingleQuotedIdentifier(quoted)).toBe(true);
    }
  });

  it('refuses an empty name, naming what was empty', () => {
    expect(() => quoteIdentifier('', 'role')).toThrow(InvalidIdentifierError);
    expect(() => quoteIdentifier('', 'role')).toThrow('role name "" is empty');
  });

  it('refuses control characters and NUL', () => {
    for (const name of ['a\u0000b', 'line\nbreak', 'tab\there', 'bell\u0007', 'del\u007f', 'c1\u0085']) {
      expect(() => quoteIdentifier(name, 'user')).toThrow(/^user name ".*" contains a control character/);
    }
  });

  it('measures length in UTF-8 bytes: 127 is fine, 128 is not', () => {
    expect(quoteIdentifier('a'.repeat(127), 'role')).toBe(`"${'a'.repeat(127)}"`);
    expect(() => quoteIdentifier('a'.repeat(128), 'role')).toThrow(
      /^role name "a{37}\.\.\." is longer than 127 bytes \(128 bytes in UTF-8\)$/,
    );
    // 'é' is two bytes: 63 of them (126 bytes) fit, 64 (128 bytes) do not, though only 64 characters.
    expect(quoteIdentifier('é'.repeat(63), 'schema')).toBe(`"${'é'.repeat(63)}"`);
    expect(() => quoteIdentifier('é'.repeat(64), 'schema')).toThrow('is longer than 127 bytes (128 bytes in UTF-8)');
    expect(() => quoteIdentifier('x'.repeat(10_000), 'table')).toThrow(InvalidIdentifierError);
  });

  it('allows non-ASCII but folds only ASCII letters', () => {
    expect(quoteIdentifier('Ünïcode_Tábla', 'table')).toBe('"Ünïcode_tábla"');
    expect(quoteIdentifier('данные', 'schema')).toBe('"данные"');
    expect(quoteIdentifier('表😀', 'table')).toBe('"表😀"');
  });

  it('refuses text that is not valid Unicode', () => {
    expect(() => quoteIdentifier('bad\ud800', 'column')).toThrow('column name "bad\\ud800" is not valid Unicode text');
  });

  it('reports the kind and a user-facing message', () => {
    try {
      quoteIdentifier('a'.repeat(200), 'role');
      throw new Error('expected a refusal');
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidIdentifierError);
      const refusal = error as InvalidIdentifierError;
      expect(refusal.kind).toBe('role');
      expect(refusal.userMessage()).toContain('role name');
    }
  });
});

describe('normalizeIdentifier', () => {
  it('returns the folded name without quotes, for comparing with catalog rows', () => {
    expect(normalizeIdentifier('Pii_Users', 'role')).toBe('pii_users');
    expect(normalizeIdentifier('a"b', 'role')).toBe('a"b');
  });
});

describe('qualifiedName', () => {
  it('quotes each part on its own', () => {
    expect(qualifiedName('PII', 'Customers')).toBe('"pii"."customers"');
    expect(qualifiedName('a.b', 'c')).toBe('"a.b"."c"');
  });

  it('names the part that was wrong', () => {
    expect(() => qualifiedName('', 'customers')).toThrow('schema name "" is empty');
    expect(() => qualifiedName('pii', 'x'.repeat(128))).toThrow(/^table name/);
  });
});

describe('checkStatement', () => {
  it('accepts values as named parameters', () => {
    const s = statement('SELECT * FROM svv_user_grants WHERE user_name = :user AND role_name = :role', {
      user: 'alice',
      role: 'pii_users',
    });
    expect(s.parameters).toEqual({ user: 'alice', role: 'pii_users' });
    expect(toSqlParameters(s.parameters)).toEqual([
      { name: 'user', value: 'alice' },
      { name: 'role', value: 'pii_users' },
    ]);
    expect(toSqlParameters({})).toBeUndefined();
  });

  it('refuses parameter names outside [A-Za-z_][A-Za-z0-9_]*', () => {
    for (const name of ['1abc', 'a-b', 'a b', '', 'x;drop', 'é']) {
      expect(() => checkStatement({ sql: `SELECT :${name}`, parameters: { [name]: 'v' } })).toThrow(InvalidStatementError);
    }
    expect(() => checkStatement({ sql: 'SELECT :_ok1', parameters: { _ok1: 'v' } })).not.toThrow();
  });

  it('refuses a parameter the SQL never uses, and does not mistake a cast for a use', () => {
    expect(() => checkStatement({ sql: 'SELECT 1', parameters: { user: 'alice' } })).toThrow('parameter :user is not used in the SQL');
    expect(() => checkStatement({ sql: 'SELECT x::text', parameters: { text: 'v' } })).toThrow('parameter :text is not used');
    expect(() => checkStatement({ sql: 'SELECT :username', parameters: { user: 'v' } })).toThrow('parameter :user is not used');
  });

  it('refuses empty values and empty SQL', () => {
    expect(() => checkStatement({ sql: 'SELECT :v', parameters: { v: '' } })).toThrow('parameter :v is empty');
    expect(() => checkStatement({ sql: '  ' })).toThrow('the SQL text is empty');
  });

  it('refuses SQL over the Data API limit of 100 KB', () => {
    expect(() => checkStatement({ sql: `SELECT '${'x'.repeat(100 * 1024)}'` })).toThrow(/the SQL text is \d+ bytes/);
  });
});

import { InvalidIdentifierError, lookAlikeProblem, normalizeIdentifier, qualifiedName, quoteIdentifier } from '../../../src/redshift/sql';

describe('identifiers that are not what they look like are refused, never cleaned up', () => {
  it.each([
    ['cus\u200Btomers', 'U+200B'],
    ['cus\u200Ctomers', 'U+200C'],
    ['cus\u200Dtomers', 'U+200D'],
    ['cus\u2060tomers', 'U+2060'],
    ['\uFEFFcustomers', 'U+FEFF'],
    ['customers\u200E', 'U+200E'],
    ['cus\u202Etomers', 'U+202E'],
    ['cus\u2066tomers', 'U+2066'],
    ['cus\u00ADtomers', 'U+00AD'],
    ['customers\uFE0F', 'U+FE0F'],
    ['cus\u034Ftomers', 'U+034F'],
    ['\u3164customers', 'U+3164'],
  ])('refuses %j (%s)', (name, code) => {
    expect(() => quoteIdentifier(name, 'table')).toThrow(InvalidIdentifierError);
    expect(() => normalizeIdentifier(name, 'table')).toThrow(`contains an invisible character (${code})`);
    expect(() => qualifiedName('pii', name)).toThrow(InvalidIdentifierError);
  });

  it.each([
    ['ｃustomers', 'U+FF43'],
    ['ﬁles', 'U+FB01'],
    ['customers²', 'U+00B2'],
  ])('refuses the look-alike %j (%s) instead of folding it', (name, code) => {
    expect(() => normalizeIdentifier(name, 'table')).toThrow(`the character ${code}, which looks like another`);
  });

  it('refuses a letter written as a letter plus a separate accent', () => {
    expect(() => normalizeIdentifier('cafe\u0301', 'table')).toThrow('contains a character that looks like another');
  });

  it('leaves ordinary names, accents and emoji alone', () => {
    expect(lookAlikeProblem('customers')).toBeUndefined();
    expect(normalizeIdentifier('Café_Tábla', 'table')).toBe('café_tábla');
    expect(quoteIdentifier('表😀', 'table')).toBe('"表😀"');
  });
});

import { closest, editDistance, normalise, oneOf, show, tokenise, unquote } from '../../../src/commands/text';

describe('text helpers', () => {
  it.each([
    ['snapshto', 'snapshot', 1],
    ['acess', 'access', 1],
    ['stauts', 'status', 1],
    ['', 'cost', 4],
    ['cost', 'cost', 0],
    ['kitten', 'sitting', 3],
  ] as const)('editDistance(%s, %s) = %i', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
    expect(editDistance(b, a)).toBe(d);
  });

  it('closest finds typos, ignores case, and refuses far or long words', () => {
    expect(closest('PRODD', ['prod', 'lake'])).toBe('prod');
    expect(closest('lak', ['prod', 'lake'])).toBe('lake');
    expect(closest('staging', ['prod', 'lake'])).toBeUndefined();
    expect(closest('pd', ['prod'])).toBeUndefined();
    expect(closest('p'.repeat(65), ['p'.repeat(65)])).toBeUndefined();
  });

  it('normalise turns visible Unicode spaces into spaces and keeps invisible characters for the parser to refuse', () => {
    expect(normalise('a\u00A0b\u2009c\u3000d\u200Be\uFEFF')).toBe('a b c d\u200Be\uFEFF');
    expect(normalise('keep\nnewlines\tand tabs')).toBe('keep\nnewlines\tand tabs');
  });

  it('tokenise keeps each word and its offset', () => {
    expect(tokenise('  a  bc\td ')).toEqual([
      { text: 'a', start: 2 },
      { text: 'bc', start: 5 },
      { text: 'd', start: 8 },
    ]);
  });

  it('unquote removes one pair of matching quotes, and only then', () => {
    expect(unquote('“prod”')).toBe('prod');
    expect(unquote('‘prod’')).toBe('prod');
    expect(unquote('"prod"')).toBe('prod');
    expect(unquote('"prod')).toBe('"prod');
    expect(unquote('""')).toBe('""');
    expect(unquote('"a"."b"')).toBe('"a"."b"');
  });

  it('show escapes what Slack mrkdwn would act on and shortens long text', () => {
    expect(show('<!channel> & `x`')).toBe("`&lt;!channel&gt; &amp; 'x'`");
    expect(show('a'.repeat(41))).toBe('`' + 'a'.repeat(40) + '…`');
    expect(show('tab\there')).toBe('`tab�here`');
  });

  it('oneOf joins with commas and a last word', () => {
    expect(oneOf(['a'])).toBe('a');
    expect(oneOf(['a', 'b'])).toBe('a or b');
    expect(oneOf(['a', 'b', 'c'], 'and')).toBe('a, b and c');
  });
});

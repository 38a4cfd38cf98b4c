import { freeTextProblem } from '../../../src/commands/free-text';
import { parseCommand } from '../../../src/commands/parse';
import { hiddenInText } from '../../../src/commands/text';

describe('freeTextProblem: the one rule for typed reasons', () => {
  it.each([
    ['U+202A', '\u202A'],
    ['U+202B', '\u202B'],
    ['U+202C', '\u202C'],
    ['U+202D', '\u202D'],
    ['U+202E', '\u202E'],
    ['U+2066', '\u2066'],
    ['U+2067', '\u2067'],
    ['U+2068', '\u2068'],
    ['U+2069', '\u2069'],
    ['U+200E', '\u200E'],
    ['U+200F', '\u200F'],
    ['U+061C', '\u061C'],
  ])('refuses the text-direction control %s, naming it', (code, char) => {
    expect(freeTextProblem(`ticket ${char}42`)).toBe(
      `contains a text-direction control (${code}), which makes it read differently from what it says; remove it`,
    );
  });

  it.each([
    ['U+200B', 'zero\u200Bwidth'],
    ['U+200C', 'non\u200Cjoiner between ASCII letters'],
    ['U+200D', 'joiner\u200D between a letter and a space'],
    ['U+2060', 'word\u2060joiner'],
    ['U+FEFF', '\uFEFFbom'],
    ['U+00AD', 'soft\u00ADhyphen'],
    ['U+180E', 'mongolian\u180Eseparator'],
    ['U+2062', 'invisible\u2062times'],
    ['U+E0041', 'smuggled \u{E0041}\u{E0042} tags'],
    ['U+3164', 'hangul \u3164 filler'],
    ['U+FE0F', ' \uFE0F selector after a space'],
  ])('refuses the invisible character %s', (code, text) => {
    expect(freeTextProblem(text)).toBe(`contains an invisible character (${code}); remove it`);
  });

  it.each([
    ['U+0000', 'nul\u0000'],
    ['U+0007', 'bell\u0007'],
    ['U+001B', 'escape \u001B[31m red'],
    ['U+007F', 'del\u007F'],
    ['U+0085', 'next line\u0085'],
  ])('refuses the control character %s', (code, text) => {
    expect(freeTextProblem(text)).toBe(`contains a control character (${code}); remove it`);
  });

  it('refuses text that is not valid Unicode (a lone surrogate)', () => {
    expect(freeTextProblem('half \uD83D pair')).toBe('is not valid Unicode text; type it again');
  });

  it.each([
    ['plain text with punctuation', "Ticket #42: export for the auditors (Q3) — 'urgent' <!channel>"],
    ['lines and tabs', 'line one\nline two\r\n\tindented'],
    ['accents and other scripts', 'ünïcödé, 日本語の理由, ｆｕｌｌ-width, مرحبا'],
    ['an emoji ZWJ sequence', 'on call 🧑‍💻 and 👨‍👩‍👧'],
    ['skin tones and joiners', '👍🏽 🧑🏽‍🚀'],
    ['presentation selectors', '❤️ 1️⃣ ✔︎'],
    ['a subdivision flag', 'team 🏴󠁧󠁢󠁳󠁣󠁴󠁿'],
    ['a Persian non-joiner', 'می\u200Cخواهم'],
    ['a Devanagari joiner', 'क्\u200Dष'],
    ['the empty string', ''],
  ])('accepts %s', (_what, text) => {
    expect(freeTextProblem(text)).toBeUndefined();
  });

  it('is the rule the command grammar applies to a typed reason', () => {
    expect(hiddenInText).toBe(freeTextProblem);
  });

  it('refuses an invisible character in a reason typed on the command line, and keeps emoji', () => {
    const context = { targets: ['prod'], roles: ['pii_users'] };
    const refused = parseCommand('access request pii_users 1h dup\u200Blicate ticket', context);
    expect(refused).toMatchObject({ ok: false, error: 'The reason contains an invisible character (U+200B); remove it.' });
    expect(parseCommand('access request pii_users 1h ticket 9 🧑‍💻', context)).toMatchObject({ ok: true, command: { reason: 'ticket 9 🧑‍💻' } });
  });
});

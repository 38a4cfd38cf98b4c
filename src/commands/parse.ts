/**
 * `/redshift …` text -> a typed Command. A required argument that is absent is not an error (it is
 * listed in `missing` and a modal asks for it); an argument that is present but wrong is, with the
 * usage line and, for typos, the closest valid form.
 */
import { argSchemas, argsSchema, type ArgKind, type Args } from './args';
import { correction, score } from './arg-score';
import { build, fillAndListMissing } from './build';
import { firstWords, grammar, slashCommand, type GrammarEntry } from './grammar';
import { usageFor } from './help';
import { closest, escapeEcho, hiddenCharacter, hiddenInText, normalise, oneOf, show, tokenise, unquote, type Token } from './text';
import type { ParseContext, ParseResult, Verb } from './types';

// Far longer than any valid command (a reason is at most 500 characters); stops pathological input early.
const MAX_TEXT = 4000;
const MAX_ECHOED_WORDS = 5;

type Failure = Extract<ParseResult, { ok: false }>;

const overview = `${slashCommand} ${firstWords.join(' | ')} …`;

export function parseCommand(text: string, context: ParseContext): ParseResult {
  const normalised = normalise(text);
  if (normalised.length > MAX_TEXT) {
    return { ok: false, error: `That is ${normalised.length} characters; no command is longer than ${MAX_TEXT}.`, usage: overview };
  }
  // U+FEFF counts as a space when splitting words, so it is refused here rather than silently dropped.
  if (normalised.includes('\uFEFF')) {
    return { ok: false, error: 'The command contains an invisible character (U+FEFF); type it again without it.', usage: overview };
  }
  const tokens = tokenise(normalised);
  if (tokens.length === 0) return { ok: true, command: { verb: 'help' }, missing: [] };

  const found = findEntry(tokens, context);
  if ('ok' in found) return found;
  if (found.entry.verb === 'help') return parseHelp(found.rest);
  return parseArgs(found.entry, found.rest, normalised, context);
}

// ---- the command words -------------------------------------------------------------------------

interface Found {
  entry: GrammarEntry;
  rest: Token[];
}

function entriesStartingWith(word: string): GrammarEntry[] {
  return grammar.filter((e) => e.words[0] === word);
}

/** The entry named by the first one or two words, or an error with the closest valid form. */
function findEntry(tokens: Token[], context: ParseContext): Found | Failure {
  const first = tokens[0].text.toLowerCase();
  const second = tokens[1]?.text.toLowerCase();
  const group = entriesStartingWith(first);

  if (group.length > 0) {
    // A one-word command sharing its first word with two-word ones (`restore`, `restore cluster`):
    // the two-word one when its second word follows, except `restore cluster` alone with a target
    // named `cluster`, which stays the one-word command on that target, as it was.
    const single = group.find((e) => e.words.length === 1);
    if (single) {
      const two = group.find((e) => e.words.length === 2 && e.words[1] === second);
      const targetNamed = second !== undefined && context.targets.some((t) => t.toLowerCase() === second);
      if (two && !(tokens.length === 2 && targetNamed)) return { entry: two, rest: tokens.slice(2) };
      return { entry: single, rest: tokens.slice(1) };
    }
    const sub = group.find((e) => e.words[1] === second);
    if (sub) return { entry: sub, rest: tokens.slice(2) };
    const subs = group.map((e) => e.words[1]);
    const guess = pickInGroup(group, second);
    const error =
      second === undefined
        ? `\`${first}\` needs one more word: ${oneOf(subs)}.`
        : `${show(tokens[1].text)} is not a \`${first}\` command; use ${oneOf(subs)}.`;
    return { ok: false, error, usage: group.map((e) => usageFor(e.verb)).join('\n'), suggestion: usageFor(guess.verb) };
  }

  const near = closest(first, firstWords);
  if (near) {
    const guess = pickInGroup(entriesStartingWith(near), second);
    return {
      ok: false,
      error: `${show(tokens[0].text)} is not a command. Did you mean \`${near}\`?`,
      usage: usageFor(guess.verb),
      suggestion: usageFor(guess.verb),
    };
  }

  // `/redshift request pii_users`: the first word of a two-word command was left out.
  const bySecond = grammar.filter((e) => e.words.length === 2 && closest(first, [e.words[1]]) !== undefined);
  if (bySecond.length === 1) {
    const guess = bySecond[0];
    return {
      ok: false,
      error: `${show(tokens[0].text)} is not a command. Did you mean \`${guess.words.join(' ')}\`?`,
      usage: usageFor(guess.verb),
      suggestion: usageFor(guess.verb),
    };
  }

  return { ok: false, error: `${show(tokens[0].text)} is not a command. \`${slashCommand} help\` lists them.`, usage: overview };
}

/** Within a group (`snapshot …`), the entry the second word most likely meant, else the first. */
function pickInGroup(group: GrammarEntry[], second: string | undefined): GrammarEntry {
  if (group.length === 1 || second === undefined) return group[0];
  const near = closest(
    second,
    group.map((e) => e.words[1]),
  );
  return group.find((e) => e.words[1] === near) ?? group[0];
}

function parseHelp(rest: Token[]): ParseResult {
  if (rest.length === 0) return { ok: true, command: { verb: 'help' }, missing: [] };
  const first = rest[0].text.toLowerCase();
  const group = entriesStartingWith(first);
  if (group.length === 0) {
    const near = closest(first, firstWords);
    return {
      ok: false,
      error: `There is no help on ${show(rest[0].text)}; topics: ${oneOf(firstWords)}.`,
      usage: usageFor('help'),
      ...(near ? { suggestion: `${slashCommand} help ${near}` } : {}),
    };
  }
  const second = rest[1]?.text.toLowerCase();
  const sub = second === undefined ? undefined : group.find((e) => e.words.length === 2 && e.words[1] === second);
  const used = sub ? 2 : 1;
  if (rest.length > used)
    return unexpected(
      rest.slice(used),
      `help ${rest
        .slice(0, used)
        .map((t) => t.text)
        .join(' ')}`,
      'help',
    );
  return { ok: true, command: { verb: 'help', topic: sub ? sub.words.join(' ') : first }, missing: [] };
}

// ---- the arguments -----------------------------------------------------------------------------

function parseArgs(entry: GrammarEntry, rest: Token[], normalised: string, context: ParseContext): ParseResult {
  const schemas = argSchemas(context);
  const raw: Partial<Record<ArgKind, string>> = {};
  const tokenOf: Partial<Record<ArgKind, Token>> = {};
  let next = 0;

  // Walk the arguments in order. An optional (or skippable) argument takes the next word only if no
  // later argument wants it more: `snapshot create 7` skips the target, `snapshot create prod` does not.
  entry.args.forEach((spec, index) => {
    if (next >= rest.length) return;
    const token = rest[next];
    if (spec.kind === 'reason') {
      // The reason is the rest of the text exactly as typed, inner spacing and quotes included.
      raw.reason = normalised.slice(token.start).trim();
      tokenOf.reason = token;
      next = rest.length;
      return;
    }
    // An exact argument takes only the bare name, never a quoted word: `"prod" is down` stays a reason.
    const word = spec.exact ? token.text : unquote(token.text);
    const mine = score(spec.kind, word, context, schemas);
    if (spec.exact && mine < 2) return;
    const rivals = entry.args
      .slice(index + 1)
      // Any text is a reason, so a reason may push aside an optional word but never a required one;
      // an exact argument never takes a word from one before it.
      .filter((later) => !(spec.required && later.kind === 'reason') && !later.exact)
      .map((later) => score(later.kind, word, context, schemas));
    if (spec.positional || mine >= Math.max(0, ...rivals)) {
      raw[spec.kind] = word;
      tokenOf[spec.kind] = token;
      next += 1;
    }
  });

  // A word that is not exactly what it looks like is refused before any rule reads it (never cleaned up).
  const refused = hiddenWord(
    entry.args.map((spec) => spec.kind),
    raw,
    tokenOf,
  );
  if (refused) return { ok: false, error: refused, usage: usageFor(entry.verb) };

  const parsed = argsSchema(context).safeParse(raw);
  if (!parsed.success) {
    // Report the problem with the earliest word, as the user reads the command left to right.
    const issues = [...parsed.error.issues].sort((a, b) => positionOf(a.path[0], tokenOf) - positionOf(b.path[0], tokenOf));
    const issue = issues[0];
    const kind = entry.args.find((spec) => spec.kind === issue.path[0])?.kind;
    const token = kind ? tokenOf[kind] : undefined;
    const fix = kind && token ? correction(kind, unquote(token.text), context) : undefined;
    return {
      ok: false,
      error: issue.message,
      usage: usageFor(entry.verb),
      // The corrected command repeats the rest of what was typed, so it is escaped like any echo.
      ...(token && fix ? { suggestion: `${slashCommand} ${escapeEcho(replaceToken(normalised, token, fix))}` } : {}),
    };
  }

  if (next < rest.length) {
    const said = normalised.slice(0, rest[next].start).trim();
    return unexpected(rest.slice(next), said, entry.verb);
  }

  const args: Args = { ...parsed.data };
  const missing = fillAndListMissing(entry.args, args, context);
  return { ok: true, command: build(entry.verb, args), missing };
}

/** The first argument, left to right, holding an invisible or look-alike character, as an error. */
function hiddenWord(
  entryKinds: readonly ArgKind[],
  raw: Partial<Record<ArgKind, string>>,
  tokenOf: Partial<Record<ArgKind, Token>>,
): string | undefined {
  const kinds = entryKinds.filter((kind) => kind in raw).sort((a, b) => positionOf(a, tokenOf) - positionOf(b, tokenOf));
  for (const kind of kinds) {
    const value = raw[kind] ?? '';
    if (kind === 'reason') {
      // Free text may hold emoji joiners; only controls that change how it reads are refused.
      const problem = hiddenInText(value);
      if (problem) return `The reason ${problem}.`;
      continue;
    }
    const problem = hiddenCharacter(value);
    if (problem) return `${show(value)} ${problem}.`;
  }
  return undefined;
}

function positionOf(key: PropertyKey | undefined, tokenOf: Partial<Record<ArgKind, Token>>): number {
  const token = Object.entries(tokenOf).find(([kind]) => kind === key)?.[1];
  return token ? token.start : Infinity;
}

function replaceToken(text: string, token: Token, replacement: string): string {
  return (text.slice(0, token.start) + replacement + text.slice(token.start + token.text.length)).trim();
}

function unexpected(extra: Token[], said: string, verb: Verb): Failure {
  const shown = extra
    .slice(0, MAX_ECHOED_WORDS)
    .map((t) => show(t.text))
    .join(' ');
  const more = extra.length > MAX_ECHOED_WORDS ? ` and ${extra.length - MAX_ECHOED_WORDS} more` : '';
  const noun = extra.length === 1 ? 'word' : 'words';
  return { ok: false, error: `Unexpected ${noun} ${shown}${more} after ${show(said)}.`, usage: usageFor(verb) };
}

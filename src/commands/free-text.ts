/**
 * The one rule for free text a person types and others read: the reasons of access requests (typed
 * or in the form), of denials and of break-glass approvals. Such text is shown, never run, so any
 * visible character is fine; what is refused is what makes it read differently from what it holds:
 * text-direction controls, invisible characters and control characters. Pure, with no imports above
 * redshift/sql, so the command grammar, the features and the approval workflow all use this one rule.
 */
import { codePoint, INVISIBLE_CHARACTER } from '../redshift/sql';

// Controls that reorder how text is displayed (Trojan Source): an approver would read another reason.
const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;
// C0, DEL and C1 controls; tab and line breaks are what a multi-line reason is made of.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/u;
// Unpaired UTF-16 surrogates cannot be stored or shown as UTF-8.
const LONE_SURROGATE = /[\ud800-\udfff]/u;

// The invisible characters that are part of what a person sees, removed before the check:
// a tag sequence making a subdivision flag (🏴 + tag letters + cancel tag), …
const FLAG_TAGS = /(?<=\u{1F3F4})[\u{E0061}-\u{E007A}\u{E0030}-\u{E0039}]{1,8}\u{E007F}/gu;
// … a zero-width joiner between two emoji (👨‍💻), after a skin tone or presentation selector too, …
const EMOJI_JOINER = /(?<=[\p{Extended_Pictographic}\u{1F3FB}-\u{1F3FF}\uFE0F])\u200D(?=\p{Extended_Pictographic})/gu;
// … an emoji or text presentation selector after a character that has both forms (❤️, 1️⃣), …
const PRESENTATION = /(?<=\p{Emoji})[\uFE0E\uFE0F]/gu;
// … and a joiner or non-joiner between two letters of a script that writes with them (Persian
// می‌خواهم, Devanagari, Malayalam). Between ASCII letters it only splits a word invisibly, so it counts.
const SCRIPT_JOINER = /(?<=[\p{L}\p{M}])(?<!\p{ASCII})[\u200C\u200D](?=[\p{L}\p{M}])(?!\p{ASCII})/gu;

/**
 * Why `text` cannot be accepted as typed, or undefined. The answer completes "The reason …", e.g.
 * "contains a text-direction control (U+202E), …; remove it". Nothing is ever cleaned up: the person
 * is told and types it again, so what is stored is exactly what they saw.
 */
export function freeTextProblem(text: string): string | undefined {
  if (LONE_SURROGATE.test(text)) return 'is not valid Unicode text; type it again';
  const bidi = BIDI.exec(text);
  if (bidi) return `contains a text-direction control (${codePoint(bidi[0])}), which makes it read differently from what it says; remove it`;
  const control = CONTROL.exec(text);
  if (control) return `contains a control character (${codePoint(control[0])}); remove it`;
  const shown = text.replace(FLAG_TAGS, '').replace(EMOJI_JOINER, '').replace(PRESENTATION, '').replace(SCRIPT_JOINER, '');
  const invisible = INVISIBLE_CHARACTER.exec(shown);
  if (invisible) return `contains an invisible character (${codePoint(invisible[0])}); remove it`;
  return undefined;
}

import { isCode, isWord, type Token } from './lexer';

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

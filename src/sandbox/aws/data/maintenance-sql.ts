import { isWord, type Token } from './lexer';

/**
 * Redshift's VACUUM and ANALYZE statements, read into what the host runs (table-maintenance.ts).
 * Postgres has both words with other options, so a statement that is not Redshift's form is left
 * to Postgres.
 */
export type VacuumMode = 'FULL' | 'SORT ONLY' | 'DELETE ONLY' | 'REINDEX' | 'RECLUSTER';

export interface VacuumTranslation {
  kind: 'vacuum';
  mode: VacuumMode;
  table?: string;
  toPercent: number;
  boost: boolean;
}

export interface AnalyzeTranslation {
  kind: 'analyze';
  table?: string;
}

/** Default VACUUM threshold (percent sorted / not deleted), as in Redshift. */
export const DEFAULT_VACUUM_PERCENT = 95;

export function parseVacuum(code: Token[]): VacuumTranslation | undefined {
  let i = 1;
  let mode: VacuumMode = 'FULL';
  if (isWord(code[i], 'FULL')) {
    i += 1;
  } else if (isWord(code[i], 'SORT', 'DELETE') && isWord(code[i + 1], 'ONLY')) {
    mode = code[i].text.toUpperCase() === 'SORT' ? 'SORT ONLY' : 'DELETE ONLY';
    i += 2;
  } else if (isWord(code[i], 'REINDEX', 'RECLUSTER')) {
    mode = code[i].text.toUpperCase() as VacuumMode;
    i += 1;
  }
  let table: string | undefined;
  if (code[i] && !isWord(code[i], 'TO', 'BOOST')) {
    const name = readQualifiedName(code, i);
    if (!name) return undefined;
    table = name.text;
    i = name.next;
  }
  let toPercent = DEFAULT_VACUUM_PERCENT;
  if (isWord(code[i], 'TO')) {
    const n = code[i + 1];
    if (n?.kind !== 'number' || !isWord(code[i + 2], 'PERCENT')) return undefined;
    toPercent = Number(n.text);
    if (!Number.isInteger(toPercent) || toPercent < 0 || toPercent > 100) return undefined;
    i += 3;
  }
  const boost = isWord(code[i], 'BOOST');
  if (boost) i += 1;
  // Anything left (Postgres options such as VERBOSE or a column list) is not Redshift's VACUUM.
  return i === code.length ? { kind: 'vacuum', mode, table, toPercent, boost } : undefined;
}

export function parseAnalyze(code: Token[]): AnalyzeTranslation | undefined {
  let i = 1;
  if (isWord(code[i], 'VERBOSE')) i += 1;
  if (isWord(code[i], 'COMPRESSION')) return undefined;
  let table: string | undefined;
  if (code[i] && !isWord(code[i], 'PREDICATE', 'ALL')) {
    const name = readQualifiedName(code, i);
    if (!name) return undefined;
    table = name.text;
    i = name.next;
    // A column list narrows what Redshift analyzes; the emulator analyzes the whole table.
    if (code[i]?.text === '(') {
      const close = code.findIndex((token, j) => j > i && token.text === ')');
      if (close === -1) return undefined;
      i = close + 1;
    }
  }
  // PREDICATE COLUMNS / ALL COLUMNS choose which columns Redshift analyzes; likewise.
  if (isWord(code[i], 'PREDICATE', 'ALL') && isWord(code[i + 1], 'COLUMNS')) i += 2;
  return i === code.length ? { kind: 'analyze', table } : undefined;
}

/** `schema.table`, `"Schema"."Table"` or `table`, starting at code[i]. */
function readQualifiedName(code: Token[], start: number): { text: string; next: number } | undefined {
  const parts: string[] = [];
  let i = start;
  for (;;) {
    const part = code[i];
    if (!part || (part.kind !== 'word' && part.kind !== 'identifier')) return undefined;
    parts.push(part.text);
    i += 1;
    if (code[i]?.text !== '.') break;
    i += 1;
  }
  return parts.length <= 3 ? { text: parts.join('.'), next: i } : undefined;
}

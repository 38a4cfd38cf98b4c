import type { SqlAnswer } from '../types';
import { escapeHtml } from './html';

/** The SQL panel's answer: a table of at most 200 rows, or the database's refusal in its words. */
export function sqlAnswerToHtml(answer: SqlAnswer, dbUser: string): string {
  if (!answer.ok) return `<p class="sql-error">As ${escapeHtml(dbUser)}: ${escapeHtml(answer.error)}</p>`;
  const head = `<p class="sql-ok">As ${escapeHtml(dbUser)}: ${escapeHtml(answer.command)}, ${answer.rowCount} row${answer.rowCount === 1 ? '' : 's'}</p>`;
  if (answer.columns.length === 0) return head;
  const header = answer.columns.map((column) => `<th scope="col">${escapeHtml(column)}</th>`).join('');
  const rows = answer.rows
    .slice(0, 200)
    .map((row) => `<tr>${row.map((value) => `<td>${escapeHtml(value)}</td>`).join('')}</tr>`)
    .join('');
  return `${head}<table><thead><tr>${header}</tr></thead><tbody>${rows}</tbody></table>`;
}

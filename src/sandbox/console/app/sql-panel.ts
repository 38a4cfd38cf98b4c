import { escapeHtml } from '../render/html';
import { sqlAnswerToHtml } from '../render/sql-result';
import type { ConsoleState } from '../types';
import { api } from './api';
import { byId, errorText } from './dom';

/** Fills the target and user pickers once, keeping what the person chose across redraws. */
export function renderSqlPickers(state: ConsoleState): void {
  const target = byId<HTMLSelectElement>('sql-target');
  if (target.options.length === 0) {
    target.innerHTML = state.sqlTargets
      .map((item) => `<option value="${escapeHtml(item.name)}">${escapeHtml(item.name)} (${item.kind})</option>`)
      .join('');
  }
  const user = byId<HTMLSelectElement>('sql-user');
  if (user.options.length === 0) {
    user.innerHTML = state.dbUsers.map((name) => `<option value="${escapeHtml(name)}">${escapeHtml(name)}</option>`).join('');
  }
}

export function wireSqlPanel(): void {
  const form = byId<HTMLFormElement>('sql-form');
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const dbUser = byId<HTMLSelectElement>('sql-user').value;
    const result = byId<HTMLDivElement>('sql-result');
    result.textContent = 'Running…';
    api
      .sql({ target: byId<HTMLSelectElement>('sql-target').value, dbUser, sql: byId<HTMLTextAreaElement>('sql-text').value })
      .then((answer) => (result.innerHTML = sqlAnswerToHtml(answer, dbUser)))
      .catch((error: unknown) => (result.innerHTML = `<p class="sql-error">${escapeHtml(errorText(error))}</p>`));
  });
}

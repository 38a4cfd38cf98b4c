import type { FormEntries, ShownOptions } from '../render/view-values';

export function byId<T extends HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (element === null) throw new Error(`the page has no #${id}`);
  return element as T;
}

let toastTimer: number | undefined;

/** A short status line; also read out by screen readers (role=status). */
export function toast(text: string): void {
  const element = byId<HTMLDivElement>('toast');
  element.textContent = text;
  element.classList.add('shown');
  window.clearTimeout(toastTimer);
  toastTimer = window.setTimeout(() => element.classList.remove('shown'), 4000);
}

/** A form's named fields as lists of values (checkboxes and multi-selects give several). */
export function formEntries(form: HTMLFormElement): FormEntries {
  const entries: FormEntries = {};
  for (const element of Array.from(form.elements)) {
    if (
      !(element instanceof HTMLInputElement || element instanceof HTMLSelectElement || element instanceof HTMLTextAreaElement) ||
      element.name === ''
    )
      continue;
    const list = (entries[element.name] ??= []);
    if (element instanceof HTMLSelectElement) list.push(...Array.from(element.selectedOptions).map((option) => option.value));
    else if (element instanceof HTMLInputElement && (element.type === 'radio' || element.type === 'checkbox')) {
      if (element.checked) list.push(element.value);
    } else list.push(element.value);
  }
  return entries;
}

/** What each external select's search last listed (its datalist), by field name. */
export function shownOptions(form: HTMLFormElement): ShownOptions {
  const shown: ShownOptions = {};
  for (const input of Array.from(form.querySelectorAll<HTMLInputElement>('input.external[name]'))) {
    shown[input.name] = Array.from(input.list?.options ?? []).map((option) => ({ value: option.value, text: option.label }));
  }
  return shown;
}

/** Keeps focus on the same control across a redraw (ids are stable per message and block). */
export function redrawKeepingFocus(container: HTMLElement, html: string): void {
  const focused =
    document.activeElement instanceof HTMLElement && container.contains(document.activeElement) ? document.activeElement.id : '';
  container.innerHTML = html;
  if (focused !== '') document.getElementById(focused)?.focus();
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

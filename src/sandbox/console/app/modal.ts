import { viewStateValues, type ShownOptions } from '../render/view-values';
import { viewToHtml } from '../render/view';
import type { ViewValues } from '../types';
import { api } from './api';
import { readerOf, topView, type AppContext } from './context';
import { byId, errorText, formEntries, shownOptions, toast } from './dom';

let shownKey = '';
let returnFocus: HTMLElement | null = null;

/** The form's values in Slack's shape, for a submission or an action inside the modal. */
export function modalValues(context: AppContext, viewId: string): ViewValues {
  const view = context.state?.views.find((candidate) => candidate.id === viewId);
  const form = byId<HTMLDialogElement>('modal').querySelector('form');
  if (view === undefined || form === null) return {};
  return viewStateValues(view.view, formEntries(form), shownOptions(form));
}

/**
 * Shows the person's top modal. It is redrawn only when the bot changed it (a new hash) or errors
 * came back, so the many redraws around it never disturb what the person is typing.
 */
export function renderModal(context: AppContext): void {
  const dialog = byId<HTMLDialogElement>('modal');
  const view = topView(context);
  if (view === undefined) {
    shownKey = '';
    if (dialog.open) {
      dialog.close();
      returnFocus?.focus();
    }
    return;
  }
  const errors = context.errors.get(view.id) ?? {};
  const key = `${context.user}|${view.id}|${String(view.view.hash)}|${JSON.stringify(errors)}`;
  if (key === shownKey && dialog.open) return;
  // Like Slack, what the person entered survives the bot's views.update where the same field remains.
  const keepForm =
    shownKey.startsWith(`${context.user}|${view.id}|`) && dialog.open
      ? (dialog.querySelector('form') ?? document.createElement('form'))
      : undefined;
  const keepValues = keepForm === undefined ? undefined : formEntries(keepForm);
  const keepShown = keepForm === undefined ? undefined : shownOptions(keepForm);
  shownKey = key;
  if (context.state === undefined) return;
  dialog.innerHTML = viewToHtml(view.id, view.view, readerOf(context), errors);
  if (keepValues !== undefined) restoreValues(dialog, keepValues);
  if (keepShown !== undefined) restoreShown(dialog, keepShown);
  linkDescriptions(dialog);
  if (!dialog.open) {
    returnFocus = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    dialog.showModal();
  }
  const firstError = dialog.querySelector<HTMLElement>('.has-error input, .has-error select, .has-error textarea');
  (
    firstError ?? dialog.querySelector<HTMLElement>('.modal-body input, .modal-body select, .modal-body textarea, .modal-body button')
  )?.focus();
}

/** Ties each field to its hint and error text, so a screen reader reads them with the field. */
function linkDescriptions(dialog: HTMLDialogElement): void {
  for (const block of Array.from(dialog.querySelectorAll<HTMLElement>('.block.input'))) {
    const control = block.querySelector<HTMLElement>('input, select, textarea, fieldset');
    const ids = Array.from(block.querySelectorAll<HTMLElement>('.hint[id], .field-error[id]')).map((element) => element.id);
    if (control === null || ids.length === 0) continue;
    control.setAttribute('aria-describedby', ids.join(' '));
    if (block.classList.contains('has-error')) control.setAttribute('aria-invalid', 'true');
  }
}

function restoreValues(dialog: HTMLDialogElement, entries: Record<string, string[]>): void {
  for (const element of Array.from(dialog.querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>('[name]'))) {
    const values = entries[element.name];
    if (values === undefined) continue;
    if (element instanceof HTMLInputElement && (element.type === 'radio' || element.type === 'checkbox'))
      element.checked = values.includes(element.value);
    else if (element instanceof HTMLSelectElement)
      for (const option of Array.from(element.options)) option.selected = values.includes(option.value);
    else element.value = values[0] ?? '';
  }
}

/** An external select's listed options survive a redraw too, so the picked one keeps its text. */
function restoreShown(dialog: HTMLDialogElement, shown: ShownOptions): void {
  for (const input of Array.from(dialog.querySelectorAll<HTMLInputElement>('input.external[name]'))) {
    const options = shown[input.name];
    const list = input.list;
    if (options === undefined || list === null) continue;
    list.replaceChildren(
      ...options.map((option) => Object.assign(document.createElement('option'), { value: option.value, label: option.text })),
    );
  }
}

export function wireModal(context: AppContext): void {
  const dialog = byId<HTMLDialogElement>('modal');
  const closeTop = () => {
    const view = topView(context);
    if (view === undefined) return;
    context.errors.delete(view.id);
    api.close(context.user, view.id).catch((error: unknown) => toast(errorText(error)));
  };
  dialog.addEventListener('cancel', (event) => {
    // Escape closes the modal the way Slack's Cancel does; the server forgets it, then the redraw closes it.
    event.preventDefault();
    closeTop();
  });
  dialog.addEventListener('click', (event) => {
    if (event.target instanceof HTMLElement && event.target.closest('[data-modal-close]') !== null) closeTop();
  });
  dialog.addEventListener('submit', (event) => {
    event.preventDefault();
    const view = topView(context);
    if (view === undefined) return;
    const submit = dialog.querySelector<HTMLButtonElement>('button[type=submit]');
    if (submit !== null) submit.disabled = true;
    api
      .submit({ user: context.user, viewId: view.id, values: modalValues(context, view.id) })
      .then((answer) => {
        if (answer.errors !== undefined) context.errors.set(view.id, answer.errors);
        else context.errors.delete(view.id);
        context.refresh();
      })
      .catch((error: unknown) => toast(errorText(error)))
      .finally(() => {
        if (submit !== null) submit.disabled = false;
      });
  });
}

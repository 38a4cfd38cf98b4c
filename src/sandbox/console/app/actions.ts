import { confirmToHtml } from '../render/view';
import type { ActionRequest, JsonMap } from '../types';
import { api } from './api';
import { readerOf, type AppContext } from './context';
import { byId, errorText, toast } from './dom';
import { modalValues } from './modal';

/** Where an element sits: a message (channel, ts, ephemeral?) or a modal (view id). */
function placeOf(element: HTMLElement, context: AppContext): Partial<ActionRequest> | undefined {
  const form = element.closest<HTMLElement>('form[data-view-id]');
  if (form !== null) {
    const viewId = form.dataset.viewId ?? '';
    return { viewId, values: modalValues(context, viewId) };
  }
  const message = element.closest<HTMLElement>('[data-message-ts]');
  if (message === null) return undefined;
  return {
    channel: message.dataset.channel,
    messageTs: message.dataset.messageTs,
    ...(message.dataset.ephemeral === 'true' ? { ephemeral: true } : {}),
  };
}

function send(element: HTMLElement, context: AppContext, extra: Partial<ActionRequest>): void {
  const place = placeOf(element, context);
  const actionId = element.dataset.actionId;
  if (place === undefined || actionId === undefined) return;
  const request: ActionRequest = {
    user: context.user,
    actionId,
    ...(element.dataset.blockId !== undefined ? { blockId: element.dataset.blockId } : {}),
    ...place,
    ...extra,
  };
  if (element instanceof HTMLButtonElement) element.disabled = true;
  api
    .action(request)
    .catch((error: unknown) => toast(errorText(error)))
    .finally(() => {
      if (element instanceof HTMLButtonElement) element.disabled = false;
    });
}

/** Slack's confirm dialog: resolves true only when the person picks the confirming button. */
function confirmFirst(confirm: JsonMap, context: AppContext): Promise<boolean> {
  const dialog = byId<HTMLDialogElement>('confirm');
  const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  dialog.innerHTML = confirmToHtml(confirm, readerOf(context));
  dialog.returnValue = '';
  dialog.showModal();
  // The safe choice has focus, as in Slack: Enter alone never confirms a danger.
  dialog.querySelector<HTMLButtonElement>('button[value=deny]')?.focus();
  return new Promise((resolve) => {
    dialog.addEventListener(
      'close',
      () => {
        opener?.focus();
        resolve(dialog.returnValue === 'confirm');
      },
      { once: true },
    );
  });
}

function selectedOption(element: HTMLElement): { value: string; text: string } | undefined {
  if (element instanceof HTMLSelectElement) {
    const option = element.selectedOptions[0];
    return option === undefined || option.value === '' ? undefined : { value: option.value, text: option.textContent ?? option.value };
  }
  if (element instanceof HTMLInputElement && element.checked) {
    return { value: element.value, text: element.labels?.[0]?.textContent ?? element.value };
  }
  return undefined;
}

export function wireActions(context: AppContext): void {
  document.addEventListener('click', (event) => {
    const button = event.target instanceof HTMLElement ? event.target.closest<HTMLButtonElement>('button[data-action-id]') : null;
    if (button === null) return;
    const extra = button.dataset.value !== undefined ? { value: button.dataset.value } : {};
    const confirm = button.dataset.confirm;
    if (confirm === undefined) return send(button, context, extra);
    void confirmFirst(JSON.parse(confirm) as JsonMap, context).then((yes) => yes && send(button, context, extra));
  });
  document.addEventListener('change', (event) => {
    const element = event.target instanceof HTMLElement ? event.target : null;
    if (element === null || element.dataset.dispatch !== 'true' || element.dataset.actionId === undefined) return;
    if (element instanceof HTMLInputElement && element.type === 'text') return;
    const option = selectedOption(element);
    if (option !== undefined) send(element, context, { selectedOption: option });
  });
  wireExternalSelects(context);
}

/**
 * External selects ask the bot for options as the person types (block_suggestion). Picking one of the
 * listed options is a choice: outside a form (or with dispatch_action) it sends the action at once.
 */
function wireExternalSelects(context: AppContext): void {
  document.addEventListener('input', (event) => {
    const input = event.target instanceof HTMLInputElement && event.target.classList.contains('external') ? event.target : null;
    if (input === null || input.dataset.actionId === undefined) return;
    // Chromium and Firefox mark a datalist pick as a replacement, not typing.
    const replaced = !(event instanceof InputEvent) || event.inputType === 'insertReplacementText';
    const picked = replaced ? Array.from(input.list?.options ?? []).find((option) => option.value === input.value) : undefined;
    if (picked !== undefined) {
      if (input.dataset.dispatch === 'true') send(input, context, { selectedOption: { value: picked.value, text: picked.label } });
      return;
    }
    if (input.value.length < Number(input.dataset.minQuery ?? '3')) return;
    const place = placeOf(input, context);
    api
      .suggest({
        user: context.user,
        actionId: input.dataset.actionId,
        value: input.value,
        ...(input.dataset.blockId !== undefined ? { blockId: input.dataset.blockId } : {}),
        ...(place?.viewId !== undefined ? { viewId: place.viewId } : {}),
        ...(place?.channel !== undefined ? { channel: place.channel } : {}),
        ...(place?.messageTs !== undefined ? { messageTs: place.messageTs } : {}),
      })
      .then((answer) => {
        const list = input.list;
        if (list === null) return;
        list.innerHTML = '';
        for (const option of answer.options) {
          const element = document.createElement('option');
          element.value = option.value;
          element.label = option.text;
          list.append(element);
        }
      })
      .catch((error: unknown) => toast(errorText(error)));
  });
}

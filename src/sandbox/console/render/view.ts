import type { JsonMap } from '../types';
import { blocksToHtml } from './blocks';
import { escapeHtml } from './html';
import { map, maps, str, textOf } from './json';
import { mrkdwnToHtml, plainToHtml } from './mrkdwn';
import type { Reader } from './reader';

/** A modal as a dialog's inner HTML: title, the blocks as a form, and its Close / Submit buttons. */
export function viewToHtml(viewId: string, view: JsonMap, reader: Reader, errors: Record<string, string> = {}): string {
  const title = plainToHtml(textOf(view.title) ?? 'Modal');
  const close = plainToHtml(textOf(view.close) ?? 'Cancel');
  const submit = textOf(view.submit);
  const titleId = `modal-title-${viewId}`;
  const blocks = blocksToHtml(maps(view.blocks), { reader, surface: 'modal', idPrefix: `view-${viewId}`, errors });
  // Errors for blocks that do not exist in the view still need to be seen.
  const known = new Set(maps(view.blocks).map((block, index) => str(block, 'block_id') ?? `block-${index}`));
  const orphans = Object.entries(errors)
    .filter(([blockId]) => !known.has(blockId))
    .map(([, message]) => `<div class="field-error" role="alert">${plainToHtml(message)}</div>`)
    .join('');
  return (
    `<form class="modal" data-view-id="${escapeHtml(viewId)}" aria-labelledby="${titleId}" novalidate>` +
    `<header class="modal-header"><h2 id="${titleId}">${title}</h2></header>` +
    `<div class="modal-body">${blocks}${orphans}</div>` +
    `<footer class="modal-footer"><button type="button" class="btn" data-modal-close>${close}</button>` +
    (submit === undefined ? '' : `<button type="submit" class="btn btn-primary">${plainToHtml(submit)}</button>`) +
    `</footer></form>`
  );
}

/** Slack's confirm dialog for a button: title, text, and the two choices. */
export function confirmToHtml(confirm: JsonMap, reader: Reader): string {
  const title = plainToHtml(textOf(confirm.title) ?? 'Are you sure?');
  const textObject = map(confirm.text);
  const text =
    textObject === undefined
      ? ''
      : str(textObject, 'type') === 'mrkdwn'
        ? mrkdwnToHtml(str(textObject, 'text') ?? '', reader)
        : plainToHtml(str(textObject, 'text') ?? '');
  const yes = plainToHtml(textOf(confirm.confirm) ?? 'Yes');
  const no = plainToHtml(textOf(confirm.deny) ?? 'Cancel');
  const style = str(confirm, 'style') === 'danger' ? 'btn-danger' : 'btn-primary';
  return (
    `<form class="modal confirm" method="dialog" aria-labelledby="confirm-title">` +
    `<header class="modal-header"><h2 id="confirm-title">${title}</h2></header>` +
    `<div class="modal-body">${text}</div>` +
    `<footer class="modal-footer"><button type="submit" value="deny" class="btn">${no}</button>` +
    `<button type="submit" value="confirm" class="btn ${style}" data-confirm-yes>${yes}</button></footer></form>`
  );
}

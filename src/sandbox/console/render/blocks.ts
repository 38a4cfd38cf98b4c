import type { JsonMap } from '../types';
import { elementToHtml, type ElementContext } from './elements';
import { escapeHtml } from './html';
import { blockIdOf, map, maps, str, textOf } from './json';
import { mrkdwnToHtml, plainToHtml } from './mrkdwn';
import type { Reader } from './reader';
import { textObjectToHtml } from './text';

export interface BlocksOptions {
  reader: Reader;
  /** Messages send actions at once; modals collect their input blocks into the submission. */
  surface: 'message' | 'modal';
  /** Makes element ids unique on the page (one prefix per message or modal). */
  idPrefix: string;
  /** response_action errors, block id -> message. */
  errors?: Record<string, string>;
}

/** Block Kit blocks as HTML; a message without blocks shows its text as mrkdwn. */
export function blocksToHtml(blocks: readonly JsonMap[], options: BlocksOptions): string {
  return blocks.map((block, index) => blockToHtml(block, index, options)).join('');
}

export function messageBodyToHtml(text: string, blocks: readonly JsonMap[], options: BlocksOptions): string {
  if (blocks.length === 0) return `<div class="block text">${mrkdwnToHtml(text, options.reader)}</div>`;
  return blocksToHtml(blocks, options);
}

function context(options: BlocksOptions, blockId: string, index: number, extra: Partial<ElementContext> = {}): ElementContext {
  return { reader: options.reader, blockId, domId: `${options.idPrefix}-${index}`, formField: false, dispatch: false, ...extra };
}

function blockToHtml(block: JsonMap, index: number, options: BlocksOptions): string {
  const blockId = blockIdOf(block, index);
  const { reader } = options;
  switch (str(block, 'type')) {
    case 'section': {
      const text = block.text === undefined ? '' : `<div class="section-text">${textObjectToHtml(block.text, reader)}</div>`;
      const fields = maps(block.fields);
      const grid =
        fields.length === 0
          ? ''
          : `<div class="fields">${fields.map((field) => `<div class="field">${textObjectToHtml(field, reader)}</div>`).join('')}</div>`;
      const accessory = map(block.accessory);
      const side =
        accessory === undefined
          ? ''
          : `<div class="accessory">${elementToHtml(accessory, context(options, blockId, index, { label: textOf(block.text)?.slice(0, 80) }))}</div>`;
      return `<div class="block section"><div class="section-main">${text}${grid}</div>${side}</div>`;
    }
    case 'header':
      return `<h3 class="block header">${plainToHtml(textOf(block.text) ?? '')}</h3>`;
    case 'divider':
      return '<hr class="block divider">';
    case 'context': {
      const parts = maps(block.elements).map((element) =>
        str(element, 'type') === 'image'
          ? `<img class="context-image" src="${escapeHtml(str(element, 'image_url') ?? '')}" alt="${escapeHtml(str(element, 'alt_text') ?? '')}">`
          : `<span>${textObjectToHtml(element, reader)}</span>`,
      );
      return `<div class="block context">${parts.join(' ')}</div>`;
    }
    case 'actions': {
      const elements = maps(block.elements).map((element, position) =>
        elementToHtml(element, context(options, blockId, index * 100 + position)),
      );
      return `<div class="block actions">${elements.join('')}</div>`;
    }
    case 'input':
      return inputBlock(block, blockId, index, options);
    case 'image':
      return `<figure class="block image"><img src="${escapeHtml(str(block, 'image_url') ?? '')}" alt="${escapeHtml(str(block, 'alt_text') ?? '')}">${block.title === undefined ? '' : `<figcaption>${plainToHtml(textOf(block.title) ?? '')}</figcaption>`}</figure>`;
    case 'rich_text':
      return `<div class="block text">${mrkdwnToHtml(richTextPlain(block), reader)}</div>`;
    default:
      return `<div class="block unsupported">[${escapeHtml(str(block, 'type') ?? 'block')} block]</div>`;
  }
}

function inputBlock(block: JsonMap, blockId: string, index: number, options: BlocksOptions): string {
  const element = map(block.element) ?? {};
  const label = textOf(block.label) ?? '';
  const domId = `${options.idPrefix}-${index}`;
  const error = options.errors?.[blockId];
  const errorId = `${domId}-error`;
  const hintId = `${domId}-hint`;
  const field = elementToHtml(element, {
    ...context(options, blockId, index),
    formField: options.surface === 'modal',
    dispatch: block.dispatch_action === true,
    label,
  });
  // The app links the hint and error ids to the control (aria-describedby) once the modal is drawn.
  const optional = block.optional === true ? ' <span class="optional">(optional)</span>' : '';
  const hint = block.hint === undefined ? '' : `<div class="hint" id="${hintId}">${plainToHtml(textOf(block.hint) ?? '')}</div>`;
  const errorHtml = error === undefined ? '' : `<div class="field-error" id="${errorId}" role="alert">${plainToHtml(error)}</div>`;
  return `<div class="block input${error === undefined ? '' : ' has-error'}" data-block="${escapeHtml(blockId)}"><label class="input-label" for="${escapeHtml(domId)}">${plainToHtml(label)}${optional}</label>${field}${hint}${errorHtml}</div>`;
}

/** rich_text is rare in bot messages; its words are enough to read it. */
function richTextPlain(block: JsonMap): string {
  const words: string[] = [];
  const visit = (value: JsonMap): void => {
    const text = str(value, 'text');
    if (text !== undefined) words.push(text);
    maps(value.elements).forEach(visit);
  };
  visit(block);
  return words.join('');
}

import type { JsonMap } from '../types';
import { escapeHtml } from './html';
import { map, optionsOf, str, textOf } from './json';
import { plainToHtml } from './mrkdwn';
import type { Reader } from './reader';
import { textObjectToHtml } from './text';

/** Where an element sits decides whether using it sends an action now or only fills a form. */
export interface ElementContext {
  reader: Reader;
  blockId: string;
  /** Unique per rendered element, for label `for` and ids. */
  domId: string;
  /** True inside a modal's input block: the value is read when the form is submitted. */
  formField: boolean;
  /** Input blocks with dispatch_action also send an action when the value changes. */
  dispatch: boolean;
  /** The accessible name when the element has no visible label of its own. */
  label?: string;
}

function attrs(values: Record<string, string | undefined>): string {
  return Object.entries(values)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([name, value]) => ` ${name}="${escapeHtml(value)}"`)
    .join('');
}

function common(element: JsonMap, context: ElementContext): Record<string, string | undefined> {
  const actionId = str(element, 'action_id') ?? '';
  return {
    id: context.domId,
    'data-action-id': actionId,
    'data-block-id': context.blockId,
    'data-type': str(element, 'type'),
    'data-dispatch': !context.formField || context.dispatch ? 'true' : undefined,
    name: context.formField ? `${context.blockId}::${actionId}` : undefined,
  };
}

export function elementToHtml(element: JsonMap, context: ElementContext): string {
  switch (str(element, 'type')) {
    case 'button':
      return button(element, context);
    case 'static_select':
    case 'overflow':
    case 'users_select':
    case 'conversations_select':
    case 'channels_select':
      return select(element, context);
    case 'multi_static_select':
      return select(element, context, true);
    case 'external_select':
      return external(element, context);
    case 'plain_text_input':
      return textInput(element, context);
    case 'number_input':
      return `<input type="number"${attrs({ ...common(element, context), value: str(element, 'initial_value') })}>`;
    case 'datepicker':
      return `<input type="date"${attrs({ ...common(element, context), value: str(element, 'initial_date'), 'aria-label': context.label })}>`;
    case 'radio_buttons':
      return choices(element, context, 'radio');
    case 'checkboxes':
      return choices(element, context, 'checkbox');
    case 'image':
      return `<img class="inline-image"${attrs({ src: str(element, 'image_url'), alt: str(element, 'alt_text') ?? '' })}>`;
    default:
      return `<span class="unsupported">[${escapeHtml(str(element, 'type') ?? 'element')}]</span>`;
  }
}

function button(element: JsonMap, context: ElementContext): string {
  const label = plainToHtml(textOf(element.text) ?? 'Button');
  const url = str(element, 'url');
  const style = str(element, 'style');
  const className = `btn${style === 'primary' ? ' btn-primary' : style === 'danger' ? ' btn-danger' : ''}`;
  if (url !== undefined) return `<a${attrs({ class: className, href: url, target: '_blank', rel: 'noopener noreferrer' })}>${label}</a>`;
  const confirm = map(element.confirm);
  return `<button type="button"${attrs({
    ...common(element, { ...context, formField: false }),
    class: className,
    'data-value': str(element, 'value'),
    'data-confirm': confirm === undefined ? undefined : JSON.stringify(confirm),
    'data-label': textOf(element.text),
  })}>${label}</button>`;
}

function optionList(element: JsonMap, context: ElementContext): { text: string; value: string }[] {
  const type = str(element, 'type');
  if (type === 'users_select') return Object.entries(context.reader.directory.users).map(([value, text]) => ({ value, text }));
  if (type === 'conversations_select' || type === 'channels_select') {
    return Object.entries(context.reader.directory.channels).map(([value, text]) => ({ value, text: `#${text}` }));
  }
  return optionsOf(element);
}

function initialValues(element: JsonMap): string[] {
  const single = map(element.initial_option);
  const many = Array.isArray(element.initial_options) ? element.initial_options : [];
  const values = [single, ...many.map((option) => map(option))].map((option) => (option ? str(option, 'value') : undefined));
  const user = str(element, 'initial_user') ?? str(element, 'initial_conversation') ?? str(element, 'initial_channel');
  return [...values, user].filter((value): value is string => value !== undefined);
}

function select(element: JsonMap, context: ElementContext, multiple = false): string {
  const placeholder = textOf(element.placeholder) ?? (str(element, 'type') === 'overflow' ? 'More actions' : 'Choose…');
  const selected = new Set(initialValues(element));
  const options = optionList(element, context)
    .map(
      (option) =>
        `<option${attrs({ value: option.value })}${selected.has(option.value) ? ' selected' : ''}>${plainToHtml(option.text)}</option>`,
    )
    .join('');
  const empty = multiple ? '' : `<option value=""${selected.size === 0 ? ' selected' : ''}>${plainToHtml(placeholder)}</option>`;
  return `<select${attrs({ ...common(element, context), 'aria-label': context.label ?? placeholder, class: 'select' })}${multiple ? ' multiple' : ''}>${empty}${options}</select>`;
}

/**
 * Options come from the bot (block_suggestion) as the person types; the datalist holds the latest answer
 * (at first the initial option, so its text is known). Slack asks from 3 characters unless min_query_length says.
 */
function external(element: JsonMap, context: ElementContext): string {
  const placeholder = textOf(element.placeholder) ?? 'Type to search…';
  const initial = map(element.initial_option);
  const initialValue = initial === undefined ? undefined : (str(initial, 'value') ?? '');
  const listed = initial === undefined ? '' : `<option${attrs({ value: initialValue, label: textOf(initial.text) })}></option>`;
  return (
    `<input type="text" autocomplete="off"${attrs({
      ...common(element, context),
      class: 'select external',
      list: `${context.domId}-options`,
      placeholder,
      'aria-label': context.label ?? placeholder,
      value: initialValue,
      'data-min-query': String(typeof element.min_query_length === 'number' ? element.min_query_length : 3),
    })}>` + `<datalist id="${escapeHtml(context.domId)}-options">${listed}</datalist>`
  );
}

function textInput(element: JsonMap, context: ElementContext): string {
  const base = {
    ...common(element, context),
    class: 'text-input',
    placeholder: textOf(element.placeholder),
    maxlength: typeof element.max_length === 'number' ? String(element.max_length) : undefined,
    'aria-label': context.label,
  };
  const initial = str(element, 'initial_value') ?? '';
  if (element.multiline === true) return `<textarea rows="3"${attrs(base)}>${escapeHtml(initial)}</textarea>`;
  return `<input type="text"${attrs({ ...base, value: initial })}>`;
}

function choices(element: JsonMap, context: ElementContext, kind: 'radio' | 'checkbox'): string {
  const selected = new Set(initialValues(element));
  const name = `${context.blockId}::${str(element, 'action_id') ?? ''}`;
  const items = (Array.isArray(element.options) ? element.options : []).map((raw, index) => {
    const option = map(raw) ?? {};
    const value = str(option, 'value') ?? '';
    const id = `${context.domId}-${index}`;
    const description =
      option.description === undefined ? '' : `<span class="hint">${textObjectToHtml(option.description, context.reader)}</span>`;
    return `<div class="choice"><input type="${kind}"${attrs({ id, name, value, 'data-type': str(element, 'type'), 'data-action-id': str(element, 'action_id'), 'data-block-id': context.blockId, 'data-dispatch': context.formField && !context.dispatch ? undefined : 'true' })}${selected.has(value) ? ' checked' : ''}><label for="${escapeHtml(id)}">${textObjectToHtml(option.text, context.reader)}${description}</label></div>`;
  });
  return `<fieldset class="choices"${attrs({ id: context.domId, 'aria-label': context.label })}>${items.join('')}</fieldset>`;
}

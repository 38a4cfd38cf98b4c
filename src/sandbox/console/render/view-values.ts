import type { JsonMap, ViewValues } from '../types';
import { blockIdOf, map, maps, optionsOf, str } from './json';

/** The form's values by field name (`blockId::actionId`), as the browser's FormData gives them. */
export type FormEntries = Record<string, string[]>;

/** By field name, the options an external select's search listed: Slack sends the picked one's text back. */
export type ShownOptions = Record<string, { text: string; value: string }[]>;

/**
 * `view.state.values` as Slack would send it for what the person filled in: each input block's
 * element, typed by its kind (a select's option with its text, checkboxes as a list, an empty text
 * input as null).
 */
export function viewStateValues(view: JsonMap, entries: FormEntries, shown: ShownOptions = {}): ViewValues {
  const values: ViewValues = {};
  maps(view.blocks).forEach((block, index) => {
    const elements = str(block, 'type') === 'input' ? [map(block.element)] : str(block, 'type') === 'actions' ? maps(block.elements) : [];
    const blockId = blockIdOf(block, index);
    for (const element of elements) {
      const actionId = element === undefined ? undefined : str(element, 'action_id');
      if (element === undefined || actionId === undefined) continue;
      const picked = entries[`${blockId}::${actionId}`];
      if (picked === undefined && str(block, 'type') === 'actions') continue;
      (values[blockId] ??= {})[actionId] = valueOf(
        element,
        (picked ?? []).filter((value) => value !== ''),
        shown[`${blockId}::${actionId}`] ?? [],
      );
    }
  });
  return values;
}

/** The option with its text: from the element's own options, its initial ones, or what a search showed. */
function option(element: JsonMap, value: string, shown: readonly { text: string; value: string }[]): JsonMap {
  const initial = optionsOf({ options: [element.initial_option ?? null, ...maps(element.initial_options)] });
  const text = [...optionsOf(element), ...initial, ...shown].find((candidate) => candidate.value === value)?.text ?? value;
  return { text: { type: 'plain_text', text, emoji: true }, value };
}

function valueOf(element: JsonMap, picked: string[], shown: readonly { text: string; value: string }[]): JsonMap {
  const type = str(element, 'type') ?? 'plain_text_input';
  const first = picked[0];
  switch (type) {
    case 'static_select':
    case 'external_select':
    case 'radio_buttons':
      return { type, selected_option: first === undefined ? null : option(element, first, shown) };
    case 'checkboxes':
    case 'multi_static_select':
    case 'multi_external_select':
      return { type, selected_options: picked.map((value) => option(element, value, shown)) };
    case 'users_select':
      return { type, selected_user: first ?? null };
    case 'conversations_select':
      return { type, selected_conversation: first ?? null };
    case 'channels_select':
      return { type, selected_channel: first ?? null };
    case 'datepicker':
      return { type, selected_date: first ?? null };
    default:
      // Slack sends what was typed, and null for an empty field.
      return { type, value: first ?? null };
  }
}

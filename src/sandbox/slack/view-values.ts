import type { JsonObject } from './json';

/**
 * Entries of `view.state.values[blockId][actionId]` as Slack fills them, so tests describe what a
 * user typed or picked rather than the wire shape.
 */
export type ViewStateValues = Record<string, Record<string, JsonObject>>;

function option(value: string, text: string = value): JsonObject {
  return { text: { type: 'plain_text', text, emoji: true }, value };
}

export const viewValue = {
  plainText: (value: string | null): JsonObject => ({ type: 'plain_text_input', value }),
  staticSelect: (value: string, text?: string): JsonObject => ({
    type: 'static_select',
    selected_option: option(value, text),
  }),
  multiStaticSelect: (values: readonly string[]): JsonObject => ({
    type: 'multi_static_select',
    selected_options: values.map((value) => option(value)),
  }),
  usersSelect: (userId: string): JsonObject => ({ type: 'users_select', selected_user: userId }),
  datePicker: (isoDate: string): JsonObject => ({ type: 'datepicker', selected_date: isoDate }),
  checkboxes: (values: readonly string[]): JsonObject => ({
    type: 'checkboxes',
    selected_options: values.map((value) => option(value)),
  }),
};

import type { Json, JsonMap } from '../types';

/** Narrow readers for Block Kit JSON, so the renderers never trust a shape blindly. */

export function isMap(value: Json | undefined): value is JsonMap {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function str(map: JsonMap, key: string): string | undefined {
  const value = map[key];
  return typeof value === 'string' ? value : undefined;
}

export function maps(value: Json | undefined): JsonMap[] {
  return Array.isArray(value) ? value.filter(isMap) : [];
}

export function map(value: Json | undefined): JsonMap | undefined {
  return isMap(value) ? value : undefined;
}

/** A text object's string (`{ type, text }`), or undefined. */
export function textOf(value: Json | undefined): string | undefined {
  return isMap(value) ? str(value, 'text') : undefined;
}

/** Slack gives blocks without a block_id one; the console uses the position, the same way everywhere. */
export function blockIdOf(block: JsonMap, index: number): string {
  return str(block, 'block_id') ?? `block-${index}`;
}

/** The options of a select, flattening option groups. */
export function optionsOf(element: JsonMap): { text: string; value: string }[] {
  const direct = maps(element.options);
  const grouped = maps(element.option_groups).flatMap((group) => maps(group.options));
  return [...direct, ...grouped].map((option) => ({ text: textOf(option.text) ?? '', value: str(option, 'value') ?? '' }));
}

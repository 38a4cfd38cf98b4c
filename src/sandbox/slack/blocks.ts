import { isJsonObject, type JsonObject, type JsonValue } from './json';

/**
 * Reading Block Kit the way a person would: tests assert on what a user sees, and the payload
 * builders click buttons that really are in a message.
 */

/** Every `text` string in the blocks, in order, joined by newlines (mrkdwn left as is). */
export function textOfBlocks(blocks: readonly JsonValue[] | undefined): string {
  const parts: string[] = [];
  const visit = (value: JsonValue): void => {
    if (Array.isArray(value)) {
      value.forEach(visit);
      return;
    }
    if (!isJsonObject(value)) return;
    for (const [key, inner] of Object.entries(value)) {
      if (key === 'text' && typeof inner === 'string') parts.push(inner);
      else visit(inner);
    }
  };
  (blocks ?? []).forEach(visit);
  return parts.join('\n');
}

export interface FoundAction {
  blockId: string | undefined;
  element: JsonObject;
}

/** The interactive element with this action_id, and the block that holds it. */
export function findAction(blocks: readonly JsonValue[] | undefined, actionId: string): FoundAction | undefined {
  for (const block of blocks ?? []) {
    if (!isJsonObject(block)) continue;
    const blockId = typeof block.block_id === 'string' ? block.block_id : undefined;
    const candidates: JsonValue[] = [];
    if (Array.isArray(block.elements)) candidates.push(...block.elements);
    if (block.accessory !== undefined) candidates.push(block.accessory);
    if (block.element !== undefined) candidates.push(block.element);
    const element = candidates.find((candidate) => isJsonObject(candidate) && candidate.action_id === actionId);
    if (element !== undefined && isJsonObject(element)) return { blockId, element };
  }
  return undefined;
}

/** All action_ids present in the blocks, e.g. to check that buttons went away after a decision. */
export function actionIdsOf(blocks: readonly JsonValue[] | undefined): string[] {
  const ids: string[] = [];
  for (const block of blocks ?? []) {
    if (!isJsonObject(block)) continue;
    const candidates: JsonValue[] = [
      ...(Array.isArray(block.elements) ? block.elements : []),
      ...(block.accessory !== undefined ? [block.accessory] : []),
      ...(block.element !== undefined ? [block.element] : []),
    ];
    for (const candidate of candidates) {
      if (isJsonObject(candidate) && typeof candidate.action_id === 'string') ids.push(candidate.action_id);
    }
  }
  return ids;
}

import { isJsonObject, type JsonObject, type JsonValue } from './json';

/**
 * The Block Kit limits real Slack enforces and a bot most often trips over. A message that breaks one
 * would be rejected in production, so the stand-in rejects it too instead of letting tests pass.
 * Returns human-readable problems; empty means valid.
 */

const MAX_BLOCKS = { message: 50, modal: 100 } as const;

function textLength(value: JsonValue | undefined): number {
  if (typeof value === 'string') return value.length;
  if (isJsonObject(value) && typeof value.text === 'string') return value.text.length;
  return 0;
}

function checkElement(element: JsonObject, where: string, problems: string[]): void {
  const type = element.type;
  if (typeof element.action_id === 'string' && element.action_id.length > 255) {
    problems.push(`${where}: action_id longer than 255`);
  }
  if (type === 'button') {
    if (textLength(element.text) > 75) problems.push(`${where}: button text longer than 75`);
    if (typeof element.value === 'string' && element.value.length > 2000) {
      problems.push(`${where}: button value longer than 2000`);
    }
  }
  if (Array.isArray(element.options)) {
    if (element.options.length > 100) problems.push(`${where}: more than 100 options`);
    element.options.forEach((option, index) => {
      if (!isJsonObject(option)) return;
      if (textLength(option.text) > 75) problems.push(`${where}.options[${index}]: text longer than 75`);
      if (typeof option.value === 'string' && option.value.length > 150) {
        problems.push(`${where}.options[${index}]: value longer than 150`);
      }
    });
  }
}

function checkBlock(block: JsonObject, where: string, problems: string[]): void {
  const elements = Array.isArray(block.elements) ? block.elements.filter(isJsonObject) : [];
  switch (block.type) {
    case 'section':
      if (textLength(block.text) > 3000) problems.push(`${where}: section text longer than 3000`);
      if (Array.isArray(block.fields)) {
        if (block.fields.length > 10) problems.push(`${where}: more than 10 fields`);
        block.fields.forEach((field, index) => {
          if (textLength(field) > 2000) problems.push(`${where}.fields[${index}]: longer than 2000`);
        });
      }
      break;
    case 'header':
      if (textLength(block.text) > 150) problems.push(`${where}: header text longer than 150`);
      break;
    case 'actions':
      if (elements.length > 25) problems.push(`${where}: more than 25 elements`);
      break;
    case 'context':
      if (elements.length > 10) problems.push(`${where}: more than 10 elements`);
      break;
    default:
      break;
  }
  const interactive = [
    ...elements,
    ...(isJsonObject(block.accessory) ? [block.accessory] : []),
    ...(isJsonObject(block.element) ? [block.element] : []),
  ];
  // Slack requires action_ids to be unique within their block.
  const seen = new Set<string>();
  interactive.forEach((element, index) => {
    checkElement(element, `${where}.elements[${index}]`, problems);
    if (typeof element.action_id === 'string') {
      if (seen.has(element.action_id)) problems.push(`${where}: duplicate action_id ${element.action_id}`);
      seen.add(element.action_id);
    }
  });
}

export function blockProblems(blocks: JsonValue | undefined, surface: 'message' | 'modal'): string[] {
  if (blocks === undefined) return [];
  if (!Array.isArray(blocks)) return ['blocks must be an array'];
  const problems: string[] = [];
  if (blocks.length > MAX_BLOCKS[surface]) problems.push(`more than ${MAX_BLOCKS[surface]} blocks`);
  const blockIds = new Set<string>();
  blocks.forEach((block, index) => {
    const where = `blocks[${index}]`;
    if (!isJsonObject(block) || typeof block.type !== 'string') {
      problems.push(`${where}: a block needs a string type`);
      return;
    }
    if (typeof block.block_id === 'string') {
      if (block.block_id.length > 255) problems.push(`${where}: block_id longer than 255`);
      if (blockIds.has(block.block_id)) problems.push(`${where}: duplicate block_id ${block.block_id}`);
      blockIds.add(block.block_id);
    }
    checkBlock(block, where, problems);
  });
  return problems;
}

export function viewProblems(view: JsonObject): string[] {
  const problems: string[] = [];
  if (typeof view.type !== 'string') problems.push('view.type is required');
  if (view.type === 'modal') {
    if (textLength(view.title) === 0) problems.push('view.title is required');
    if (textLength(view.title) > 24) problems.push('view.title longer than 24');
    if (textLength(view.submit) > 24) problems.push('view.submit longer than 24');
    if (textLength(view.close) > 24) problems.push('view.close longer than 24');
  }
  if (typeof view.callback_id === 'string' && view.callback_id.length > 255) {
    problems.push('view.callback_id longer than 255');
  }
  if (typeof view.private_metadata === 'string' && view.private_metadata.length > 3000) {
    problems.push('view.private_metadata longer than 3000');
  }
  if (!Array.isArray(view.blocks)) problems.push('view.blocks is required');
  else problems.push(...blockProblems(view.blocks, 'modal').map((problem) => `view.${problem}`));
  return problems;
}

/** A modal view as features open it: callback id, JSON metadata, title, optional submit, Cancel to close. */
export function modalView<Block = unknown>(options: { callbackId: string; metadata: unknown; title: string; blocks: Block[]; submit?: string }) {
  return {
    type: 'modal' as const,
    callback_id: options.callbackId,
    private_metadata: JSON.stringify(options.metadata),
    // Slack's limit for a modal title is 24 characters.
    title: { type: 'plain_text' as const, text: options.title.slice(0, 24) },
    close: { type: 'plain_text' as const, text: 'Cancel' },
    ...(options.submit ? { submit: { type: 'plain_text' as const, text: options.submit } } : {}),
    blocks: options.blocks,
  };
}

/** A static select of chatops.yml target names. */
export function targetSelect(targets: readonly string[], actionId: string) {
  return { type: 'static_select', action_id: actionId, options: targets.map((t) => ({ text: { type: 'plain_text', text: t.slice(0, 75) }, value: t })) };
}

export type TypedField = { ok: true; value: string | undefined } | { ok: false; problem: string };

/**
 * A one-word typed field exactly as submitted: undefined when left empty. Blanks or spaces around or
 * inside it are refused rather than trimmed away, so what runs is exactly what was typed.
 */
export function typedWord(raw: string | null | undefined): TypedField {
  if (raw === undefined || raw === null || raw === '') return { ok: true, value: undefined };
  if (raw.trim() === '') return { ok: false, problem: 'This is only spaces; leave it empty or type a value.' };
  if (/\s/.test(raw)) return { ok: false, problem: 'Remove the spaces; this is one word.' };
  return { ok: true, value: raw };
}

/** Field problems as a view submission's `errors` answer takes them: block id → message, the empty ones left out. */
export function fieldErrors(problems: Readonly<Partial<Record<string, string>>>): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const [block, message] of Object.entries(problems)) if (message !== undefined) errors[block] = message;
  return errors;
}

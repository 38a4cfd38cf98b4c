/** Parses what Slack hands back (button values, private_metadata); anything unparsable is undefined, never a throw. */
export function safeJson(raw: string | undefined): unknown {
  try {
    return JSON.parse(raw ?? '');
  } catch {
    return undefined;
  }
}

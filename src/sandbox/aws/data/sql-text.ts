/** `"name"` with inner quotes doubled: the one way the emulator writes an identifier into SQL. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** `YYYY-MM-DD HH:MM:SS` (UTC), the text form of a Redshift timestamp. */
export function timestampText(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('T', ' ').replace('.000Z', '');
}

/**
 * A Slack call whose failure must not stop or repeat the work it belongs to (a notice, a redraw, a
 * note in a thread): its failure is logged with what was tried and why, never swallowed; the
 * result is undefined then.
 */
export async function bestEffort<T>(what: string, call: () => Promise<T>, log: (message: string) => void): Promise<T | undefined> {
  try {
    return await call();
  } catch (error) {
    log(`${what} failed (the work goes on without it): ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}

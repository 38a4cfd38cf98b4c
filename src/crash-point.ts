/**
 * Named points where a crash test may kill the process (a test facility). Code marks a point with
 * `crashPoint('after-decision-write')`; it does nothing unless the runtime installed a handler
 * (src/runtime/crash-points.ts, from CHATOPS_CRASH_AT), so production behaviour is unchanged.
 */
export type CrashHandler = (point: string) => void;

let handler: CrashHandler | undefined;

export function installCrashHandler(next: CrashHandler | undefined): void {
  handler = next;
}

export function crashPoint(point: string): void {
  handler?.(point);
}

import type { AwsPorts } from '../runtime/aws';
import { failureDetail } from '../features/shared/failure';

/** One AWS or Data API call the bot made, and how it ended. */
export interface RecordedCall {
  /** The port and method: `sql.execute`, `warehouses.get.listSnapshots`. */
  call: string;
  /** For SQL: the statement's first words, so a failure names what the identity may not run. */
  what?: string;
  /** The error's text when the call failed. */
  error?: string;
  at: number;
}

const sqlOf = (args: readonly unknown[]): string | undefined => {
  const statement = args[1];
  if (typeof statement !== 'object' || statement === null || !('sql' in statement) || typeof statement.sql !== 'string') return undefined;
  const flat = statement.sql.replace(/\s+/g, ' ').trim();
  return flat.length > 80 ? `${flat.slice(0, 79)}…` : flat;
};

/**
 * Wraps an object so every method call is recorded when its promise settles. Objects a method returns
 * at once (a warehouse from `warehouses.get`) and object properties (`backups`) are wrapped the same
 * way, so a feature's own error handling cannot hide a call that failed.
 */
export function recorded<T extends object>(target: T, path: string, sink: (call: RecordedCall) => void): T {
  return new Proxy(target, {
    get(object, key, receiver) {
      const value: unknown = Reflect.get(object, key, receiver);
      const name = `${path}.${String(key)}`;
      if (typeof value === 'object' && value !== null && !(value instanceof Promise)) return recorded(value, name, sink);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]): unknown => {
        const what = path === 'sql' ? sqlOf(args) : undefined;
        const note = (error?: unknown) =>
          sink({
            call: name,
            ...(what !== undefined ? { what } : {}),
            ...(error !== undefined ? { error: failureDetail(error) } : {}),
            at: Date.now(),
          });
        let result: unknown;
        try {
          result = Reflect.apply(value, object, args);
        } catch (error) {
          note(error);
          throw error;
        }
        if (result instanceof Promise) {
          return result.then(
            (settled: unknown) => {
              note();
              return settled;
            },
            (error: unknown) => {
              note(error);
              throw error;
            },
          );
        }
        return typeof result === 'object' && result !== null ? recorded(result, name, sink) : result;
      };
    },
  });
}

/** The bot's AWS ports, with every call recorded into `sink`. */
export function recordAwsCalls(ports: AwsPorts, sink: (call: RecordedCall) => void): AwsPorts {
  return {
    warehouses: recorded(ports.warehouses, 'warehouses', sink),
    sql: recorded(ports.sql, 'sql', sink),
    lifecycle: recorded(ports.lifecycle, 'lifecycle', sink),
    billing: recorded(ports.billing, 'billing', sink),
  };
}

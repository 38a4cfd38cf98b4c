import type { SlackRequester, SlackStandIn } from '../slack';
import { Interactions } from './interactions';
import { LocalLog, type SavedLog } from './local-log';
import type { OffsetClock } from './sandbox-clock';
import { startConsoleServer, type ConsoleServer } from './server';
import { consoleState } from './state';
import type { ClockAnswer, SqlAnswer, SqlRequest, SqlTarget } from './types';
import { ViewTracker } from './view-tracker';

export { OffsetClock } from './sandbox-clock';
export { runPanelSql, sqlTargets } from './sql';
export type { ConsoleServer } from './server';
export type { SavedLog } from './local-log';

export interface ConsoleOptions {
  slack: SlackStandIn;
  /** Signs and sends payloads to the bot's /slack/events. */
  requester: SlackRequester;
  clock: OffsetClock;
  sqlTargets: SqlTarget[];
  dbUsers: string[];
  runSql(request: SqlRequest): Promise<SqlAnswer>;
  /** Moves the clock and runs what became due. */
  advanceClock(ms: number): Promise<ClockAnswer>;
  port: number;
  host?: string;
  /** The typed commands of a saved sandbox. */
  savedLog?: SavedLog;
}

export interface RunningConsole extends ConsoleServer {
  /** The typed commands, for a saved sandbox. */
  saveLog(): SavedLog;
}

/** The console: a chat client over the Slack stand-in, a SQL panel and a clock control. */
export async function startConsole(options: ConsoleOptions): Promise<RunningConsole> {
  const listeners = new Set<() => void>();
  const changed = () => listeners.forEach((listener) => listener());
  const views = new ViewTracker();
  const log = new LocalLog();
  if (options.savedLog) log.restore(options.savedLog);
  const interactions = new Interactions({ slack: options.slack, requester: options.requester, views, log, clock: options.clock, changed });
  const stopSlack = options.slack.onCall(changed);
  const server = await startConsoleServer(
    {
      interactions,
      state: () => consoleState({ slack: options.slack, views, log, clock: options.clock, sqlTargets: options.sqlTargets, dbUsers: options.dbUsers }),
      runSql: options.runSql,
      advanceClock: async (ms) => {
        const answer = await options.advanceClock(ms);
        // The clock shows in the page even when no schedule posted anything.
        changed();
        return answer;
      },
      onChange: (listener) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    },
    { port: options.port, host: options.host },
  );
  return {
    url: server.url,
    saveLog: () => log.saved(),
    async close() {
      stopSlack();
      await server.close();
    },
  };
}

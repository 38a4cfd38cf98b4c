import type {
  ActionRequest,
  ClockAnswer,
  CommandRequest,
  ConsoleState,
  SqlAnswer,
  SqlRequest,
  SubmitAnswer,
  SubmitRequest,
  SuggestAnswer,
  SuggestRequest,
} from '../types';

/** The console server's endpoints; a non-2xx answer throws with the server's message. */
async function post<T>(path: string, body: unknown): Promise<T> {
  const response = await fetch(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const answer = (await response.json()) as T & { error?: string };
  if (!response.ok) throw new Error(answer.error ?? `HTTP ${response.status}`);
  return answer;
}

export const api = {
  state: async (): Promise<ConsoleState> => (await fetch('/api/state')).json() as Promise<ConsoleState>,
  command: (request: CommandRequest) => post<{ ok: true }>('/api/command', request),
  action: (request: ActionRequest) => post<{ ok: true }>('/api/action', request),
  submit: (request: SubmitRequest) => post<SubmitAnswer>('/api/submit', request),
  close: (user: string, viewId: string) => post<{ ok: true }>('/api/close', { user, viewId }),
  suggest: (request: SuggestRequest) => post<SuggestAnswer>('/api/suggest', request),
  sql: (request: SqlRequest) => post<SqlAnswer>('/api/sql', request),
  clock: (advanceMs: number) => post<ClockAnswer>('/api/clock', { advanceMs }),
};

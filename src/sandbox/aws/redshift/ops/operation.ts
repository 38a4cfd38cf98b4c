import type { QueryInput } from '../query-input';
import type { RedshiftState } from '../state';

/** What a request says about itself beyond its parameters. */
export interface CallContext {
  /** The Region the request is signed for (SigV4's credential scope); the emulator's own without one. */
  region: string;
}

/** One Query-protocol action: reads its input, changes the state, returns the XML inside `<{Op}Result>`. */
export type Operation = (state: RedshiftState, input: QueryInput, call: CallContext) => Promise<string>;

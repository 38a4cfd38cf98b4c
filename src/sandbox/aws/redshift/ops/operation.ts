import type { QueryInput } from '../query-input';
import type { RedshiftState } from '../state';

/** One Query-protocol action: reads its input, changes the state, returns the XML inside `<{Op}Result>`. */
export type Operation = (state: RedshiftState, input: QueryInput) => Promise<string>;

import type { Input } from '../input';
import type { ServerlessState } from '../state';
import type { Wire } from '../wire';

/** One Serverless operation: a checked input in, the response members out (or a ServerlessFault thrown). */
export type Operation = (input: Input, state: ServerlessState) => Promise<Wire>;

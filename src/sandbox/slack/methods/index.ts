import { chatMethods } from './chat';
import type { MethodHandler } from './context';
import { peopleMethods } from './people';
import { viewMethods } from './views';

export type { MethodContext, MethodHandler } from './context';

/** Every Web API method the stand-in answers; anything else is `unknown_method`. */
export const webApiMethods: Readonly<Record<string, MethodHandler>> = {
  ...chatMethods,
  ...viewMethods,
  ...peopleMethods,
};

import { chatMethods } from './chat';
import type { MethodHandler } from './context';
import { conversationMethods } from './conversations';
import { peopleMethods } from './people';
import { viewMethods } from './views';

/** Every Web API method the stand-in answers; anything else is `unknown_method`. */
export const webApiMethods: Readonly<Record<string, MethodHandler>> = {
  ...chatMethods,
  ...viewMethods,
  ...peopleMethods,
  ...conversationMethods,
};

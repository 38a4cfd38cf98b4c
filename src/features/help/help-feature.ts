import { helpText } from '../../commands/help';
import type { Feature } from '../types';

/** `/redshift help [topic]`: answered in the ack itself; no job. */
export const helpFeature: Feature<'help'> = {
  name: 'help',
  commands: {
    async help({ command, ack, ports }) {
      await ack({ response_type: 'ephemeral', text: helpText(grammarContext(ports.config), command.topic) });
    },
  },
};

export function grammarContext(config: { targets: Record<string, unknown>; access: { roles: Record<string, unknown> } }) {
  return { targets: Object.keys(config.targets), roles: Object.keys(config.access.roles) };
}

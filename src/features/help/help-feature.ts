import { helpText } from '../../commands/help';
import type { ParseContext } from '../../commands/types';
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

export function grammarContext(config: {
  targets: Record<string, unknown>;
  access: { roles: Record<string, { targets: readonly string[] }> };
}): ParseContext {
  const roles = Object.entries(config.access.roles);
  return {
    targets: Object.keys(config.targets),
    roles: roles.map(([name]) => name),
    roleTargets: Object.fromEntries(roles.map(([name, role]) => [name, role.targets])),
  };
}

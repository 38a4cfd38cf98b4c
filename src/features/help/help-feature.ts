import { helpText } from '../../commands/help';
import type { Feature } from '../types';

export const helpFeature: Feature = {
  name: 'help',
  verbs: ['help'],
  async handle({ command, ack, ports }) {
    const topic = command.verb === 'help' ? command.topic : undefined;
    await ack({ response_type: 'ephemeral', text: helpText(grammarContext(ports.config), topic) });
  },
};

export function grammarContext(config: { targets: Record<string, unknown>; access: { roles: Record<string, unknown> } }) {
  return { targets: Object.keys(config.targets), roles: Object.keys(config.access.roles) };
}

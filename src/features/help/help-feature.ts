import { helpText } from '../../commands/help';
import { grammarContext } from '../shared/grammar-context';
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

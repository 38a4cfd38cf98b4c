import { originToken, unknownFormText } from '../../../src/features/backup/form-refusal';
import { executorPayloadSchema, replyToSchema } from '../../../src/features/shared/payload-schemas';
import { readPayload } from '../../../src/jobs/payload';

describe('backup forms: the origin token, and nothing else, is read from the metadata', () => {
  test('reads the token a form carries', () => {
    expect(originToken(JSON.stringify({ origin: 'a'.repeat(32), target: 'prod' }))).toBe('a'.repeat(32));
  });

  test.each(['', 'not json', '"C0GENERAL"', '{"channelId":"C0GENERAL"}', '{"origin":7}', 'null'])('finds no token in %j', (metadata) => {
    expect(originToken(metadata)).toBeUndefined();
  });

  test('the refusal names the command to run again and says nothing changed', () => {
    expect(unknownFormText('snapshot create')).toBe(
      'This form was not opened for you by the bot, or has been open for more than a day. Run `/redshift snapshot create` again. Nothing was changed.',
    );
  });
});

describe('shared payload pieces', () => {
  test('a reply goes to a response URL or to a user in a channel, nothing else', () => {
    expect(readPayload('x', replyToSchema, { responseUrl: 'https://hooks.slack.com/x' })).toEqual({ responseUrl: 'https://hooks.slack.com/x' });
    expect(readPayload('x', replyToSchema, { channel: 'C0GENERAL', user: 'U1' })).toEqual({ channel: 'C0GENERAL', user: 'U1' });
    expect(() => readPayload('x', replyToSchema, { channel: 'C0GENERAL' })).toThrow(/stored payload/);
    expect(() => readPayload('x', executorPayloadSchema, {})).toThrow(/stored payload/);
  });
});

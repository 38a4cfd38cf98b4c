import { ManualClock } from '../../../src/clock';
import { FORM_ORIGIN_TTL_MS, formOriginChannel, recordFormOrigin } from '../../../src/features/shared/form-origin';
import { tempSqliteStore } from '../../support/temp-store';

describe('form origins: where a form was opened, as the bot recorded it', () => {
  const clock = new ManualClock(Date.parse('2026-11-25T10:00:00Z'));
  const { store, cleanup } = tempSqliteStore(clock);
  afterAll(cleanup);

  it('gives the recorded channel to the user who opened the form, and to nobody else', async () => {
    const token = await recordFormOrigin({ store, clock }, 'U0ANALYST', 'C0GENERAL');
    expect(token).toMatch(/^[0-9a-f]{32}$/);
    expect(await formOriginChannel(store, token, 'U0ANALYST')).toBe('C0GENERAL');
    expect(await formOriginChannel(store, token, 'U0APPROVER')).toBeUndefined();
    expect(await recordFormOrigin({ store, clock }, 'U0ANALYST', 'C0GENERAL')).not.toBe(token);
  });

  it.each([undefined, null, 42, '', 'C0GENERAL', 'f'.repeat(32), 'F'.repeat(32), { $ne: null }, `${'a'.repeat(32)}' OR '1'='1`])(
    'gives nothing for the token %j',
    async (token) => {
      expect(await formOriginChannel(store, token, 'U0ANALYST')).toBeUndefined();
    },
  );

  it('forgets a form left open longer than a day', async () => {
    const token = await recordFormOrigin({ store, clock }, 'U0ANALYST', 'C0GENERAL');
    clock.advance(FORM_ORIGIN_TTL_MS - 1);
    expect(await formOriginChannel(store, token, 'U0ANALYST')).toBe('C0GENERAL');
    clock.advance(2);
    expect(await formOriginChannel(store, token, 'U0ANALYST')).toBeUndefined();
  });
});

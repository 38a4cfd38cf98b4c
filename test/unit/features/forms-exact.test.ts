import { parseChatopsConfig } from '../../../src/config/chatops';
import { checkForm, readForm } from '../../../src/features/backup/restore-form';
import { readDeleteForm } from '../../../src/features/lifecycle/delete-modal';
import { FINAL_BLOCK, NAME_BLOCK, RETENTION_BLOCK, SNAPSHOT_NAME_BLOCK, TAKE_FINAL } from '../../../src/features/lifecycle/ids';
import { typedWord } from '../../../src/features/shared/modal';

const today = new Date('2026-11-25T10:15:00Z');
const config = parseChatopsConfig(`
targets:
  prod: { kind: provisioned, cluster: analytics-prod, database: dev, dbUser: chatops_admin }
channels: { approvals: C0APPROVALS, alerts: C0ALERTS, audit: C0AUDIT }
access:
  roles:
    pii_users:
      approvers: { users: [U0APPROVER] }
`);

const restoreValues = (fields: Record<string, string | null>) =>
  Object.fromEntries([
    ['source', { value: { selected_option: { value: 'snapshot:s1' } } }],
    ...Object.entries(fields).map(([block, value]) => [block, { value: { value } }]),
  ]);

describe('typed form fields are taken exactly as typed', () => {
  it('typedWord: empty is absent; blanks and spaces are refused, never trimmed', () => {
    expect(typedWord('')).toEqual({ ok: true, value: undefined });
    expect(typedWord(null)).toEqual({ ok: true, value: undefined });
    expect(typedWord('7')).toEqual({ ok: true, value: '7' });
    expect(typedWord('   ')).toMatchObject({ ok: false, problem: expect.stringContaining('only spaces') });
    expect(typedWord(' 7')).toMatchObject({ ok: false });
    expect(typedWord('prod 30')).toMatchObject({ ok: false });
  });

  it('the restore form refuses names with invisible or look-alike characters instead of normalising them', () => {
    for (const table of ['cus\u200Btomers', 'customers\u200D', '\uFEFFcustomers', 'cus\u202Etomers', 'ｃustomers']) {
      const check = checkForm(readForm(restoreValues({ database: 'dev', schema: 'pii', table })), today);
      expect(check.ok).toBe(false);
      if (!check.ok) expect(check.errors.table).toMatch(/invisible character|looks like another/);
    }
    const newName = checkForm(
      readForm(restoreValues({ database: 'dev', schema: 'pii', table: 'customers', new_table: 'customers\u200B' })),
      today,
    );
    expect(newName.ok).toBe(false);
  });

  it('the restore form refuses blank names and spaces around a name, rather than defaulting or trimming', () => {
    const blank = checkForm(readForm(restoreValues({ database: 'dev', schema: 'pii', table: 'customers', new_table: '   ' })), today);
    expect(blank).toMatchObject({ ok: false, errors: { new_table: expect.stringContaining('only spaces') } });
    const spaced = checkForm(readForm(restoreValues({ database: 'dev', schema: ' pii', table: 'customers' })), today);
    expect(spaced).toMatchObject({ ok: false, errors: { schema: expect.stringContaining('spaces around it') } });
    expect(checkForm(readForm(restoreValues({ database: 'dev', schema: 'pii', table: 'customers' })), today).ok).toBe(true);
  });

  it('the delete form refuses blank, signed and zero-padded final snapshot retention', () => {
    const form = (retention: string | null) => ({
      [NAME_BLOCK]: { value: { value: 'analytics-prod' } },
      [FINAL_BLOCK]: { value: { selected_option: { value: TAKE_FINAL } } },
      [SNAPSHOT_NAME_BLOCK]: { value: { value: 'final-one' } },
      [RETENTION_BLOCK]: { value: { value: retention } },
    });
    for (const retention of ['   ', '07', '-1', ' 7', '7\u200B']) {
      const result = readDeleteForm(form(retention), config.targets.prod);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(Object.keys(result.errors)).toEqual([RETENTION_BLOCK]);
    }
    expect(readDeleteForm(form(''), config.targets.prod)).toMatchObject({ ok: true });
    expect(readDeleteForm(form('7'), config.targets.prod)).toEqual({
      ok: true,
      finalSnapshot: { skip: false, name: 'final-one', retentionDays: 7 },
    });
  });
});

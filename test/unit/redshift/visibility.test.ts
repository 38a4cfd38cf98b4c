import { cannotSeeText, seesAllRows, systemAccessFrom, systemAccessStatement } from '../../../src/redshift/visibility';

describe('what the bot identity can see', () => {
  it('reads the one SVV_USER_INFO row of current_user', () => {
    expect(systemAccessStatement().sql).toMatch(/FROM svv_user_info WHERE user_name = current_user/);
    expect(systemAccessFrom([{ user_name: 'chatops_admin ', superuser: true, syslog_access: 'RESTRICTED', me: 'chatops_admin' }])).toEqual({
      user: 'chatops_admin',
      superuser: true,
      syslogUnrestricted: false,
    });
    expect(systemAccessFrom([{ user_name: 'bot', superuser: false, syslog_access: 'UNRESTRICTED ', me: 'bot' }])).toEqual({
      user: 'bot',
      superuser: false,
      syslogUnrestricted: true,
    });
  });

  it('takes no row as the least access, never as a superuser', () => {
    expect(systemAccessFrom([])).toEqual({ user: '', superuser: false, syslogUnrestricted: false });
  });

  it('knows which views show every row to whom', () => {
    const regular = { user: 'bot', superuser: false, syslogUnrestricted: false };
    const unrestricted = { ...regular, syslogUnrestricted: true };
    const superuser = { ...regular, superuser: true };
    expect(seesAllRows(regular, 'all')).toBe(true);
    expect(seesAllRows(regular, 'own-rows')).toBe(false);
    expect(seesAllRows(regular, 'superuser')).toBe(false);
    expect(seesAllRows(unrestricted, 'own-rows')).toBe(true);
    expect(seesAllRows(unrestricted, 'superuser')).toBe(false);
    expect(seesAllRows(superuser, 'superuser')).toBe(true);
  });

  it('says plainly what it cannot see', () => {
    const regular = { user: 'bot', superuser: false, syslogUnrestricted: false };
    expect(cannotSeeText(regular, 'svv_table_info', 'superuser')).toBe(
      "cannot see: the bot's database user bot is not a superuser, so SVV_TABLE_INFO shows it nothing (see docs/PERMISSIONS.md)",
    );
    expect(cannotSeeText(regular, 'sys_query_history', 'own-rows')).toContain('only its own rows');
  });
});

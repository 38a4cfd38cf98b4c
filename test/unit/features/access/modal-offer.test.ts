import { parseChatopsConfig } from '../../../../src/config/chatops';
import { offeredDurationProblem, offeredDurations } from '../../../../src/features/access/durations';
import { checkOffered, requestModal, ROLE_ACTION } from '../../../../src/features/access/modal';

const M = 60_000;
const config = parseChatopsConfig(`
targets:
  prod: { kind: provisioned, cluster: analytics-prod, database: dev, dbUser: chatops_admin }
channels: { approvals: C0APPROVALS, alerts: C0ALERTS, audit: C0AUDIT }
identity: { map: { U0ANALYST: alice } }
access:
  roles:
    pii_users:
      approvers: { users: [U0APPROVER] }
      maxDuration: 8h
      defaultDuration: 4h
`);

type Values = Parameters<typeof checkOffered>[1];

function submitted(duration: string | undefined, role = 'pii_users'): Values {
  return {
    role: { [ROLE_ACTION]: { selected_option: { value: role } } },
    duration: { value: duration === undefined ? {} : { selected_option: { value: duration } } },
    reason: { value: { value: 'ticket 1' } },
  };
}

function offeredValues(view: ReturnType<typeof requestModal>): string[] {
  const block = view.blocks.find((b) => (b as { block_id: string }).block_id === 'duration') as {
    element: { options: { value: string }[] };
  };
  return block.element.options.map((o) => o.value);
}

describe('the access form accepts only the durations it offered', () => {
  it('accepts every option the form drew, for the role it drew them for', () => {
    const view = requestModal(config, { role: 'pii_users' }, 'C0GENERAL');
    for (const value of offeredValues(view)) expect(checkOffered(config, submitted(value), view.private_metadata)).toEqual({});
  });

  it.each(['0', '1000', '4000', '-60000', '60000', '900000.0', ' 900000', '9e5', '0x0', '28800001', '86400000', 'NaN', ''])(
    'refuses the forged option value %j',
    (value) => {
      const view = requestModal(config, { role: 'pii_users' }, 'C0GENERAL');
      const errors = checkOffered(config, submitted(value), view.private_metadata);
      expect(errors.duration).toMatch(/not one of the choices|Choose how long/);
    },
  );

  it('offers and accepts a duration typed in the command, and nothing else beside the usual ones', () => {
    const view = requestModal(config, { role: 'pii_users', durationMs: 45 * M }, 'C0GENERAL');
    expect(offeredValues(view)).toContain(String(45 * M));
    expect(checkOffered(config, submitted(String(45 * M)), view.private_metadata)).toEqual({});
    expect(checkOffered(config, submitted(String(46 * M)), view.private_metadata).duration).toContain('not one of the choices');
  });

  it('never trusts metadata beyond the policy: a forged typed duration in seconds or above the maximum is refused', () => {
    for (const typedMs of [1000, 4000, 0, 9 * 60 * M, 90_500]) {
      const metadata = JSON.stringify({ channelId: 'C0GENERAL', typedMs });
      expect(checkOffered(config, submitted(String(typedMs)), metadata).duration).toContain('not one of the choices');
    }
  });

  it('lists what may be chosen', () => {
    const role = config.access.roles.pii_users;
    expect(offeredDurations(role).map((ms) => ms / M)).toEqual([15, 30, 60, 120, 240, 480]);
    expect(offeredDurationProblem('pii_users', role, '1000')).toBe(
      'That duration is not one of the choices for pii_users; choose one of: 15m, 30m, 1h, 2h, 4h, 8h.',
    );
  });
});

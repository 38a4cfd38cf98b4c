import { stringify } from 'yaml';
import type { ChatopsConfig } from '../config/chatops';
import { SANDBOX_CHANNELS, SANDBOX_USERS } from '../sandbox/slack/seed';
import type { TourOptions } from './options';

/** Who asks and who approves in the tour: users of the local Slack stand-in, never the team's workspace. */
export const TOUR_REQUESTER = SANDBOX_USERS.analyst;
export const TOUR_APPROVER = SANDBOX_USERS.approver;

/** How often the tour's bot advances its watches (snapshot status, revokes): often, so the tour is short. */
const TICK_CRON = '*/2 * * * * *';

/**
 * The chatops.yml the tour's bot runs with: the team's targets exactly as configured (so AWS and the
 * database are theirs), and everything Slack-facing pointed at the local stand-in. The test role is
 * granted the way the team's own config grants it (mode, ending sessions) when it names the role.
 */
export function tourConfigYaml(team: Pick<ChatopsConfig, 'targets' | 'access'>, options: TourOptions): string {
  const config: Record<string, unknown> = {
    targets: team.targets,
    channels: { approvals: SANDBOX_CHANNELS.approvals, alerts: SANDBOX_CHANNELS.alerts, audit: SANDBOX_CHANNELS.audit },
    schedules: [
      { name: 'jobs-advance', task: 'jobs.advance', cron: TICK_CRON },
      { name: 'access-expiry', task: 'access.expire', cron: TICK_CRON },
    ],
  };
  if (options.grant) {
    const { role, user, target } = options.grant;
    const theirs = team.access.roles[role];
    config.identity = { map: { [TOUR_REQUESTER]: user } };
    config.access = {
      roles: {
        [role]: {
          targets: [target],
          mode: theirs?.mode ?? 'role',
          approvers: { users: [TOUR_APPROVER] },
          approvalsRequired: 1,
          maxDuration: '1h',
          reasonRequired: false,
          endSessionsOnRevoke: theirs?.endSessionsOnRevoke ?? false,
        },
      },
    };
  }
  return stringify(config);
}

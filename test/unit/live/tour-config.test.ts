import { parseChatopsConfig } from '../../../src/config/chatops';
import { TOUR_APPROVER, TOUR_REQUESTER, tourConfigYaml } from '../../../src/live/tour-config';
import { accessYaml } from '../../support/config';
import { twoTargetsYaml } from '../../support/warehouse-bot';

const team = parseChatopsConfig(`${twoTargetsYaml}${accessYaml({ pii_users: 'prod' }, 'mode: group', 'endSessionsOnRevoke: true')}`);

describe('the live tour configuration', () => {
  test("the team's targets exactly, Slack pointed at the stand-in, and no access without --grant", () => {
    const tour = parseChatopsConfig(tourConfigYaml(team, { waitMinutes: 30 }));
    expect(tour.targets).toEqual(team.targets);
    expect(tour.channels).toEqual({ approvals: 'C0APPROVALS', alerts: 'C0ALERTS', audit: 'C0AUDIT' });
    expect(tour.access.roles).toEqual({});
    expect(tour.schedules.map((schedule) => schedule.task).sort()).toEqual(['access.expire', 'jobs.advance']);
  });

  test('--grant: the test user as the requester, the stand-in approver, and the role granted the way the team grants it', () => {
    const tour = parseChatopsConfig(tourConfigYaml(team, { waitMinutes: 30, grant: { role: 'pii_users', user: 'carol', target: 'prod' } }));
    expect(tour.identity.map).toEqual({ [TOUR_REQUESTER]: 'carol' });
    expect(tour.access.roles.pii_users).toMatchObject({
      targets: ['prod'],
      mode: 'group',
      endSessionsOnRevoke: true,
      approvalsRequired: 1,
      reasonRequired: false,
      approvers: { users: [TOUR_APPROVER] },
    });
  });

  test('a role the team does not configure is granted with GRANT ROLE', () => {
    const tour = parseChatopsConfig(tourConfigYaml(team, { waitMinutes: 30, grant: { role: 'test_role', user: 'carol', target: 'lake' } }));
    expect(tour.access.roles.test_role).toMatchObject({ targets: ['lake'], mode: 'role', endSessionsOnRevoke: false });
  });
});

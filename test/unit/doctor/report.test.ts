import { reportLines, requiredMissing } from '../../../src/doctor/report';
import type { CheckResult } from '../../../src/doctor/types';

describe('the doctor report', () => {
  const results: CheckResult[] = [
    { area: 'aws', target: 'prod', name: 'cluster analytics-prod is readable', status: 'ok', detail: 'state available' },
    { area: 'aws', target: 'prod', name: 'write actions', status: 'not-verified', optional: true, detail: 'never called' },
    {
      area: 'database',
      target: 'prod',
      name: 'chatops_admin is a superuser',
      status: 'missing',
      fix: 'ALTER USER "chatops_admin" CREATEUSER',
    },
    { area: 'slack', name: 'cost digests can post', status: 'missing', optional: true, fix: 'invite the bot' },
  ];

  test('one line per check, grouped by area, each missing one with its fix, then the tally', () => {
    expect(reportLines(results)).toEqual([
      '',
      '== aws',
      'ok            [prod] cluster analytics-prod is readable: state available',
      'not verified  [prod] write actions (optional): never called',
      '',
      '== database',
      'MISSING       [prod] chatops_admin is a superuser',
      '              fix: ALTER USER "chatops_admin" CREATEUSER',
      '',
      '== slack',
      'MISSING       cost digests can post (optional)',
      '              fix: invite the bot',
      '',
      'doctor: 1 ok, 2 missing (1 required), 1 not verified',
    ]);
  });

  test('only a required missing check fails the doctor', () => {
    expect(requiredMissing(results)).toBe(1);
    expect(requiredMissing(results.filter((r) => r.area !== 'database'))).toBe(0);
  });
});

import type { WarehouseStatus } from '../../redshift/warehouse';

/**
 * Whether a cluster can be paused or resumed now, from its described state alone (pure): ready,
 * already there (answered without any change call), or blocked with the reasons in words.
 */
export type Readiness =
  { kind: 'ready'; checks: string[] } | { kind: 'already'; text: string } | { kind: 'blocked'; problems: string[]; checks: string[] };

const ok = (text: string) => `:white_check_mark: ${text}`;
const bad = (text: string) => `:x: ${text}`;

export function pauseReadiness(status: WarehouseStatus): Readiness {
  const name = `*${status.target}* (\`${status.identifier}\`)`;
  if (status.state === 'paused')
    return {
      kind: 'already',
      text: `${name} is already paused. Nothing was called; \`/redshift resume ${status.target}\` starts it again.`,
    };
  if (status.state === 'pausing')
    return { kind: 'already', text: `${name} is already pausing. Nothing was called; it will be paused in a few minutes.` };
  const problems: string[] = [];
  const checks: string[] = [];
  if (status.state === 'available') checks.push(ok('status is available'));
  else {
    const problem = `status is *${status.state}*; only an available cluster can be paused`;
    problems.push(problem);
    checks.push(bad(problem));
  }
  const retention = status.automatedSnapshotRetentionDays;
  if (retention !== undefined && retention > 0)
    checks.push(ok(`automated snapshots are on (kept ${retention} day${retention === 1 ? '' : 's'})`));
  else {
    const problem =
      'automated snapshots are off; AWS pauses only clusters with automated snapshots (`/redshift backup retention` turns them on)';
    problems.push(problem);
    checks.push(bad(problem));
  }
  return problems.length > 0 ? { kind: 'blocked', problems, checks } : { kind: 'ready', checks };
}

export function resumeReadiness(status: WarehouseStatus): Readiness {
  const name = `*${status.target}* (\`${status.identifier}\`)`;
  if (status.state === 'available') return { kind: 'already', text: `${name} is already running (available). Nothing was called.` };
  if (status.state === 'resuming')
    return { kind: 'already', text: `${name} is already resuming. Nothing was called; it will be available in a few minutes.` };
  if (status.state !== 'paused') {
    const problem = `status is *${status.state}*; only a paused cluster can be resumed`;
    return { kind: 'blocked', problems: [problem], checks: [bad(problem)] };
  }
  return { kind: 'ready', checks: [ok('status is paused')] };
}

export function readinessFor(action: 'pause' | 'resume', status: WarehouseStatus): Readiness {
  return action === 'pause' ? pauseReadiness(status) : resumeReadiness(status);
}

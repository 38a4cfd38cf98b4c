import { createHash } from 'node:crypto';

/**
 * Manual snapshot names: `chatops-<target>-<yyyymmdd>-<hhmmss>-<4 hex>`, e.g.
 * `chatops-prod-20261125-101500-3f9a`. Lower-case letters, digits and single hyphens, starting with
 * a letter and never ending with a hyphen, so it satisfies both Redshift's snapshot identifier rules
 * and Serverless's name rules. The suffix comes from the request, so two requests in one second do
 * not collide. The time is when it is called, so a replay seconds later would get another name: the
 * name is made once, when the job is first recorded, and replays answer with the recorded one.
 */
export function snapshotName(target: string, at: Date, requestKey: string): string {
  const stamp = at.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  const suffix = createHash('sha256').update(requestKey).digest('hex').slice(0, 4);
  const slug = target
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return `chatops-${slug || 'target'}-${stamp}-${suffix}`;
}

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import { chatopsSchema, parseChatopsConfig } from '../../../src/config/chatops';

const EXAMPLE = join(__dirname, '../../../chatops.example.yml');
const text = readFileSync(EXAMPLE, 'utf8');
const HOUR = 3_600_000;

/** Every field name the schema knows, found by walking its definition (wrappers, lists, maps, unions). */
function fieldNames(schema: z.core.$ZodType, found = new Set<string>()): Set<string> {
  const def = schema._zod.def as unknown as Record<string, unknown>;
  const walk = (inner: unknown) => {
    if (inner && typeof inner === 'object' && '_zod' in inner) fieldNames(inner as z.core.$ZodType, found);
  };
  switch (def.type) {
    case 'object':
      for (const [name, inner] of Object.entries(def.shape as Record<string, unknown>)) {
        found.add(name);
        walk(inner);
      }
      break;
    case 'pipe':
      walk(def.in);
      break;
    case 'record':
      walk(def.valueType);
      break;
    case 'array':
      walk(def.element);
      break;
    case 'union':
      for (const option of def.options as unknown[]) walk(option);
      break;
    default:
      walk(def.innerType);
  }
  return found;
}

describe('chatops.example.yml', () => {
  it('parses', () => {
    expect(() => parseChatopsConfig(text, 'chatops.example.yml')).not.toThrow();
  });

  it('explains every field of the schema in a comment', () => {
    const comments = text
      .split('\n')
      .filter((line) => line.trim().startsWith('#'))
      .join('\n');
    const names = [...fieldNames(chatopsSchema)];
    expect(names.length).toBeGreaterThan(60);
    const undocumented = names.filter((name) => !new RegExp(`\\b${name}\\b`).test(comments));
    expect(undocumented).toEqual([]);
  });

  it('uses the standard seed names', () => {
    const config = parseChatopsConfig(text);
    expect(config.targets.prod).toMatchObject({ kind: 'provisioned', cluster: 'analytics-prod', database: 'dev', dbUser: 'chatops_admin' });
    expect(config.targets.lake).toMatchObject({ kind: 'serverless', workgroup: 'lake', namespace: 'lake', database: 'dev' });
    expect(config.channels).toEqual({ approvals: 'C0APPROVALS', alerts: 'C0ALERTS', audit: 'C0AUDIT' });
    expect(config.identity.map).toEqual({ U0ANALYST: 'alice', U0APPROVER: 'bob', U0APPROVER2: 'carol' });
    expect(Object.keys(config.access.roles)).toEqual(['pii_users', 'analytics_users', 'analytics_authors']);
    expect(config.access.roles.pii_users).toMatchObject({
      approvers: { users: [], usergroups: ['S0DATALEADS'] },
      approvalsRequired: 1,
      defaultDuration: 4 * HOUR,
      maxDuration: 8 * HOUR,
    });
    expect(config.policies.delete).toMatchObject({ approvalsRequired: 2, skipFinalSnapshotExtraApproval: true });
  });

  it('lists the same schedules a file without schedules gets', () => {
    const config = parseChatopsConfig(text);
    const withoutSchedules = parseChatopsConfig(text.slice(0, text.indexOf('\nschedules:')) + text.slice(text.indexOf('\n# ----', text.indexOf('\nschedules:'))));
    const shape = (schedules: typeof config.schedules) => schedules.map(({ name, task, cron, timezone, enabled, period }) => ({ name, task, cron, timezone, enabled, period }));
    expect(shape(config.schedules)).toEqual(shape(withoutSchedules.schedules));
  });
});

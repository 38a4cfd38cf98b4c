/**
 * The last step of parsing (pure): checked arguments become the typed Command of their verb, with
 * the required values still missing listed for a modal to ask (an omitted target is filled in when
 * chatops.yml has only one).
 */
import type { ArgKind, Args } from './args';
import type { ArgSpec } from './grammar';
import type { Command, MissingField, ParseContext, Verb } from './types';

/** With one target, an omitted target is that target; otherwise an omitted required value is listed. */
export function fillAndListMissing(specs: readonly ArgSpec[], args: Args, context: ParseContext): MissingField[] {
  const missing: MissingField[] = [];
  for (const spec of specs) {
    if (spec.kind === 'target') {
      if (args.target !== undefined) continue;
      if (context.targets.length === 1) {
        args.target = context.targets[0];
        continue;
      }
      const ask =
        spec.omitted === 'ask' ||
        (spec.omitted === 'ask-when-changing' && (args.backupDays !== undefined || args.copyRegion !== undefined));
      if (spec.required || ask) missing.push('target');
      continue;
    }
    if (!spec.required || args[spec.kind] !== undefined) continue;
    missing.push(...missingFields(spec.kind));
  }
  return missing;
}

function missingFields(kind: Exclude<ArgKind, 'target'>): MissingField[] {
  switch (kind) {
    case 'role':
      return ['role'];
    case 'grantId':
      return ['grantId'];
    case 'recoveryPoint':
      return ['recoveryPoint'];
    case 'snapshot':
      return ['snapshot'];
    case 'schemaTable':
      return ['schema', 'table'];
    case 'schemaOrTable':
      return ['schema'];
    case 'restoreSource':
      return ['restoreSource'];
    case 'clusterName':
      return ['clusterName'];
    default:
      // Only the kinds above are ever required in the grammar table; the test over the table checks it.
      throw new Error(`argument kind ${kind} cannot be required`);
  }
}

/** Validated arguments -> the Command for the verb. */
export function build(verb: Verb, a: Args): Command {
  switch (verb) {
    case 'help':
      return { verb };
    case 'status':
    case 'snapshot.list':
    case 'restore':
    case 'pause':
    case 'resume':
    case 'delete':
    case 'vacuum.check':
      return { verb, target: a.target };
    case 'access.request':
      return { verb, role: a.role, target: a.target, durationMs: a.duration, reason: a.reason };
    case 'access.list':
      return { verb };
    case 'access.revoke':
      return { verb, grantId: a.grantId };
    case 'snapshot.create':
      return { verb, target: a.target, retentionDays: a.retentionDays };
    case 'snapshot.keep':
      return { verb, recoveryPoint: a.recoveryPoint, retentionDays: a.retentionDays };
    case 'snapshot.delete':
      return { verb, snapshot: a.snapshot };
    case 'backup.retention':
      return { verb, target: a.target, days: a.backupDays };
    case 'backup.copy':
      return { verb, target: a.target, region: a.copyRegion, days: a.copyDays };
    case 'cost':
      return { verb, target: a.target, period: a.period ?? 'month' };
    case 'vacuum.run':
      return { verb, target: a.target, schema: a.schemaTable?.schema, table: a.schemaTable?.table };
    case 'grants.check':
    case 'grants.apply':
    case 'grants.baseline':
    case 'doctor':
      return { verb, target: a.target };
    case 'who':
      return { verb, target: a.target, schema: a.schemaOrTable?.schema, table: a.schemaOrTable?.table };
    case 'restore.cluster':
      return { verb, source: a.restoreSource, newName: a.clusterName, target: a.target };
  }
}

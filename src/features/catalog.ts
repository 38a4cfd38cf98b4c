import type { Verb } from '../commands/types';
import { accessFeature } from './access/access-feature';
import { backupFeature } from './backup/backup-feature';
import { helpFeature } from './help/help-feature';
import { statusFeature } from './status/status-feature';
import type { Feature } from './types';

/** The capabilities this build ships. */
export const builtFeatures: readonly Feature[] = [helpFeature, statusFeature, backupFeature, accessFeature];

/** Verbs whose capability is still being built, and what users should call that capability. */
export const plannedCapabilities: Readonly<Partial<Record<Verb, string>>> = {
  'snapshot.keep': 'backups and restores',
  'snapshot.delete': 'backups and restores',
  'backup.retention': 'backups and restores',
  restore: 'backups and restores',
  pause: 'cluster lifecycle',
  resume: 'cluster lifecycle',
  delete: 'cluster lifecycle',
  cost: 'cost reports',
  'vacuum.check': 'VACUUM and ANALYZE',
  'vacuum.run': 'VACUUM and ANALYZE',
};

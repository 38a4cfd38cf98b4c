import type { Verb } from '../commands/types';
import { accessFeature } from './access/access-feature';
import { backupFeature } from './backup/backup-feature';
import { costFeature } from './cost/cost-feature';
import { doctorFeature } from './doctor/doctor-feature';
import { helpFeature } from './help/help-feature';
import { lifecycleFeature } from './lifecycle/lifecycle-feature';
import { permissionsFeature } from './permissions/permissions-feature';
import { statusFeature } from './status/status-feature';
import { vacuumFeature } from './vacuum/vacuum-feature';
import type { Feature } from './types';

/** The capabilities this build ships. */
export const builtFeatures: readonly Feature[] = [
  helpFeature,
  statusFeature,
  backupFeature,
  accessFeature,
  lifecycleFeature,
  costFeature,
  vacuumFeature,
  permissionsFeature,
  doctorFeature,
];

/** Verbs whose capability is still being built, and what users should call that capability. */
export const plannedCapabilities: Readonly<Partial<Record<Verb, string>>> = {};

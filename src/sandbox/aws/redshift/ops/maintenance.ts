import { faults } from '../faults';
import { DAY_MS } from '../model';
import { clusterXml } from '../render';
import { node } from '../xml';
import type { Operation } from './operation';

/** ModifyClusterMaintenance: defers maintenance (at most 60 days); the window itself changes with ModifyCluster. */

const MAX_DEFERMENT_DAYS = 60;

export const modifyClusterMaintenance: Operation = async (state, input) => {
  const cluster = state.requireCluster(input.requiredString('ClusterIdentifier'));
  const defer = input.boolean('DeferMaintenance');
  const identifier = input.string('DeferMaintenanceIdentifier');
  const start = input.timestamp('DeferMaintenanceStartTime');
  const end = input.timestamp('DeferMaintenanceEndTime');
  const duration = input.integer('DeferMaintenanceDuration');
  const status = state.status(cluster);
  if (status !== 'available' && status !== 'paused') {
    throw faults.invalidClusterState('There is an operation running on the Cluster. Please try to modify it later.');
  }
  const now = state.now();

  if (defer === false) {
    if (identifier !== undefined && !cluster.deferredWindows.some((d) => d.identifier === identifier)) {
      throw faults.invalidValue(`No deferred maintenance window ${identifier} exists for cluster ${cluster.identifier}.`);
    }
    cluster.deferredWindows = identifier === undefined ? [] : cluster.deferredWindows.filter((d) => d.identifier !== identifier);
    return node('Cluster', clusterXml(state, cluster));
  }
  const wantsDeferment = defer ?? (start !== undefined || end !== undefined || duration !== undefined);
  if (!wantsDeferment) return node('Cluster', clusterXml(state, cluster));

  if (end !== undefined && duration !== undefined) {
    throw faults.invalidCombination('Specify either DeferMaintenanceEndTime or DeferMaintenanceDuration, not both.');
  }
  if (end === undefined && duration === undefined) {
    throw faults.invalidCombination('Specify DeferMaintenanceEndTime or DeferMaintenanceDuration to defer maintenance.');
  }
  if (duration !== undefined && (duration < 1 || duration > MAX_DEFERMENT_DAYS)) {
    throw faults.invalidValue(
      `Invalid DeferMaintenanceDuration ${duration}: maintenance can be deferred for 1 to ${MAX_DEFERMENT_DAYS} days.`,
    );
  }
  const from = start ?? now;
  const until = end ?? from + (duration ?? 0) * DAY_MS;
  if (until <= from) throw faults.invalidValue('DeferMaintenanceEndTime must be later than DeferMaintenanceStartTime.');
  if (until <= now) throw faults.invalidValue('DeferMaintenanceEndTime must be in the future.');
  if (until - from > MAX_DEFERMENT_DAYS * DAY_MS) {
    throw faults.invalidValue(`The deferred maintenance window can't be longer than ${MAX_DEFERMENT_DAYS} days.`);
  }
  // One deferment at a time: a new request replaces the current one.
  cluster.deferredWindows = [
    { identifier: identifier ?? `dfm-${globalThis.crypto.randomUUID().replace(/-/g, '').slice(0, 20)}`, start: from, end: until },
  ];
  return node('Cluster', clusterXml(state, cluster));
};

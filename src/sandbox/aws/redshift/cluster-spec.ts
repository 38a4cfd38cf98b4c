import { parseMaintenanceWindow } from './maintenance';
import type { ClusterRecord } from './model';

/** What a test or the seed gives to make a cluster (CreateCluster is not emulated). */
export interface ClusterSpec {
  identifier: string;
  nodeType: string;
  numberOfNodes: number;
  dbName?: string;
  masterUsername?: string;
  automatedRetentionDays?: number;
  manualRetentionDays?: number;
  maintenanceWindow?: string;
  createdAt?: number;
  /** Default true (an AWS owned key); with kmsKeyId, a customer managed KMS key. */
  encrypted?: boolean;
  kmsKeyId?: string;
  availabilityZone?: string;
}

/** The record a spec becomes: available, with its snapshots' clock starting now. */
export function clusterRecord(spec: ClusterSpec, now: number, region: string): ClusterRecord {
  const identifier = spec.identifier.toLowerCase();
  const window = parseMaintenanceWindow(spec.maintenanceWindow ?? 'sun:18:00-sun:18:30');
  const record: ClusterRecord = {
    identifier,
    nodeType: spec.nodeType,
    numberOfNodes: spec.numberOfNodes,
    dbName: spec.dbName ?? 'dev',
    masterUsername: spec.masterUsername ?? 'chatops_admin',
    createdAt: spec.createdAt ?? now,
    automatedRetentionDays: spec.automatedRetentionDays ?? 1,
    manualRetentionDays: spec.manualRetentionDays ?? -1,
    maintenanceWindowText: window.text,
    maintenanceWindow: window.window,
    deferredWindows: [],
    phases: [],
    settled: 'available',
    lastAutomatedSnapshotAt: now,
    namespaceId: globalThis.crypto.randomUUID(),
    availabilityZone: spec.availabilityZone ?? `${region}a`,
    encrypted: spec.encrypted ?? true,
  };
  if (spec.kmsKeyId !== undefined) record.kmsKeyId = spec.kmsKeyId;
  return record;
}

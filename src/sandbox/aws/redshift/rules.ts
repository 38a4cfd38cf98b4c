import { faults } from './faults';
import type { QueryInput } from './query-input';

/** Input rules the Redshift API applies to parameters, with the fault codes it answers a breach with. */

const SNAPSHOT_ID = /^[A-Za-z][A-Za-z0-9-]*$/;

/** 1–255 letters, digits, hyphens; starts with a letter; no trailing or double hyphen. */
export function checkSnapshotIdentifier(id: string, parameter = 'SnapshotIdentifier'): void {
  if (id.length > 255 || !SNAPSHOT_ID.test(id) || id.endsWith('-') || id.includes('--')) {
    throw faults.invalidValue(
      `Invalid ${parameter} "${id}": it must contain 1 to 255 alphanumeric characters or hyphens, ` +
        'begin with a letter, and cannot end with a hyphen or contain two consecutive hyphens.',
    );
  }
}

const CLUSTER_ID = /^[a-z][a-z0-9-]*$/;

/**
 * A new cluster's identifier: 1–63 letters, digits, hyphens; starts with a letter; no trailing or
 * double hyphen. Returned in lower case: the reference asks for lower case, and the emulator, like
 * the rest of its cluster lookups, folds upper case rather than refusing it (see the catalog entry).
 */
export function checkClusterIdentifier(id: string): string {
  const folded = id.toLowerCase();
  if (folded.length > 63 || !CLUSTER_ID.test(folded) || folded.endsWith('-') || folded.includes('--')) {
    throw faults.invalidValue(
      `Invalid ClusterIdentifier "${id}": it must contain 1 to 63 alphanumeric characters or hyphens, ` +
        'begin with a letter, and cannot end with a hyphen or contain two consecutive hyphens.',
    );
  }
  return folded;
}

/** The node types CreateCluster's reference lists as valid values. */
export const NODE_TYPES: ReadonlySet<string> = new Set([
  'dc2.large',
  'dc2.8xlarge',
  'ra3.large',
  'ra3.xlplus',
  'ra3.4xlarge',
  'ra3.16xlarge',
]);

/** Manual snapshot retention: -1 (forever) or 1–3653 days. */
export function checkManualRetention(days: number): void {
  if (days !== -1 && (days < 1 || days > 3653)) {
    throw faults.invalidRetention(
      `Invalid manual snapshot retention period ${days}. The value must be either -1 or an integer between 1 and 3,653.`,
    );
  }
}

/** Automated snapshot retention: 0–35 days; 0 turns automated snapshots off, which RA3 clusters refuse. */
export function checkAutomatedRetention(days: number, nodeType: string): void {
  if (days < 0 || days > 35) {
    throw faults.invalidValue(`Invalid automated snapshot retention period ${days}. The value must be between 0 and 35.`);
  }
  if (days === 0 && nodeType.startsWith('ra3.')) {
    throw faults.invalidValue(
      `Automated snapshots cannot be disabled for clusters with RA3 node type ${nodeType}. Set AutomatedSnapshotRetentionPeriod to 1 or more.`,
    );
  }
}

export interface Page<T> {
  items: T[];
  marker?: string;
}

/** MaxRecords (20–100, default 100) and an opaque Marker holding the next offset. */
export function paginate<T>(items: readonly T[], input: QueryInput): Page<T> {
  const max = input.integer('MaxRecords') ?? 100;
  if (max < 20 || max > 100) throw faults.invalidValue(`Invalid MaxRecords value ${max}: it must be between 20 and 100.`);
  const marker = input.string('Marker');
  const start = marker ? decodeMarker(marker) : 0;
  const end = start + max;
  return { items: items.slice(start, end), marker: end < items.length ? encodeMarker(end) : undefined };
}

function encodeMarker(offset: number): string {
  return Buffer.from(`offset:${offset}`, 'utf8').toString('base64');
}

function decodeMarker(marker: string): number {
  const match = /^offset:(\d+)$/.exec(Buffer.from(marker, 'base64').toString('utf8'));
  if (!match) throw faults.invalidValue(`Invalid Marker ${marker}.`);
  return Number(match[1]);
}

/** Commercial regions that can receive snapshot copies. */
export const KNOWN_REGIONS: ReadonlySet<string> = new Set([
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'ca-central-1',
  'ca-west-1',
  'sa-east-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-central-1',
  'eu-central-2',
  'eu-north-1',
  'eu-south-1',
  'eu-south-2',
  'ap-east-1',
  'ap-south-1',
  'ap-south-2',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'me-south-1',
  'me-central-1',
  'af-south-1',
  'il-central-1',
]);

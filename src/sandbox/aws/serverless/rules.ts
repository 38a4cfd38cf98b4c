import { constraint, tooManyTags, validation } from './faults';
import type { Tag } from './input';

/** Namespace and workgroup names (model shapes NamespaceName / WorkgroupName): 3–64 of [a-z0-9-]. */
export function checkResourceName(field: string, value: string): string {
  if (value.length < 3 || value.length > 64) throw constraint(value, field, 'Member must have length between 3 and 64');
  if (!/^[a-z0-9-]+$/.test(value)) throw constraint(value, field, 'Member must satisfy regular expression pattern: ^[a-z0-9-]+$');
  return value;
}

/** Snapshot names follow Redshift's identifier rules (the serverless model leaves them to the service). */
export function checkSnapshotName(field: string, value: string): string {
  const ok =
    value.length >= 1 && value.length <= 255 && /^[A-Za-z][A-Za-z0-9-]*$/.test(value) && !value.includes('--') && !value.endsWith('-');
  if (!ok) {
    throw validation(
      `Invalid ${field} '${value}': it must contain 1 to 255 letters, numbers or hyphens, start with a letter, ` +
        'and cannot contain two consecutive hyphens or end with a hyphen.',
    );
  }
  return value;
}

/** Manual snapshot retention in days: -1 keeps it until deleted, otherwise 1–3653. */
export function checkRetention(field: string, value: number | undefined): number {
  if (value === undefined) return -1;
  if (value !== -1 && (value < 1 || value > 3653)) {
    throw validation(`Invalid ${field} ${value}: the retention period must be -1 (retain indefinitely) or between 1 and 3653 days.`);
  }
  return value;
}

/** List operations accept maxResults 1–100. */
export function checkMaxResults(value: number | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (value < 1) throw constraint(value, 'maxResults', 'Member must have value greater than or equal to 1');
  if (value > 100) throw constraint(value, 'maxResults', 'Member must have value less than or equal to 100');
  return value;
}

export function checkTimeRange(start: number | undefined, end: number | undefined): void {
  if (start !== undefined && end !== undefined && start > end) {
    throw validation('The startTime must be earlier than or equal to the endTime.');
  }
}

/**
 * Database, schema and table names for table restores: 1–127 bytes, starting with a letter or
 * underscore, then letters, digits, underscores or dollar signs. Folded to lower case unless the
 * request asks for case-sensitive identifiers.
 */
export function checkIdentifier(field: string, value: string, caseSensitive: boolean): string {
  const bytes = Buffer.byteLength(value, 'utf8');
  if (bytes < 1 || bytes > 127 || !/^[A-Za-z_][A-Za-z0-9_$]*$/.test(value)) {
    throw validation(
      `Invalid ${field} '${value}': a name must be 1 to 127 bytes, start with a letter or an underscore, ` +
        'and contain only letters, numbers, underscores and dollar signs.',
    );
  }
  return caseSensitive ? value : value.toLowerCase();
}

const MAX_TAGS = 200;

export function checkTags(tags: Tag[], resourceName: string): Tag[] {
  if (tags.length > MAX_TAGS) throw tooManyTags(`You have exceeded the number of tags allowed (${MAX_TAGS}).`, resourceName);
  for (const [index, tag] of tags.entries()) {
    if (tag.key.length < 1 || tag.key.length > 128) {
      throw constraint(tag.key, `tags.${index + 1}.member.key`, 'Member must have length between 1 and 128');
    }
    if (tag.value.length > 256) {
      throw constraint(tag.value, `tags.${index + 1}.member.value`, 'Member must have length between 0 and 256');
    }
  }
  return tags;
}

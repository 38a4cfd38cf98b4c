import { AwsFault } from '../core';
import type { Tag } from './model';
import type { QueryInput } from './query-input';
import { list, text } from './xml';

/**
 * Resource tags on the Query protocol: `Tags.Tag.N.Key/Value` on create, the `TagKeys.TagKey.N` and
 * `TagValues.TagValue.N` filters on Describe* (API_DescribeClusters.html, API_DescribeClusterSnapshots.html).
 */

/** CreateTags: "A resource can have up to 50 tags" (https://docs.aws.amazon.com/redshift/latest/APIReference/API_CreateTags.html). */
const MAX_TAGS = 50;

export interface TagFilter {
  keys: string[];
  values: string[];
}

/** The tags a create request carries; refuses what CreateTags documents as invalid or over the limit. */
export function readTags(input: QueryInput): Tag[] {
  const tags = input.structures('Tags', 'Tag').map((fields) => ({ key: fields.get('Key') ?? '', value: fields.get('Value') ?? '' }));
  if (tags.length > MAX_TAGS) {
    throw new AwsFault(
      'TagLimitExceededFault',
      `You have exceeded the number of tags allowed: a resource can have up to ${MAX_TAGS} tags.`,
    );
  }
  for (const tag of tags) {
    // Tag keys 1–128 characters, values 0–256 (the limits AWS gives for Redshift tags).
    if (tag.key.length < 1 || tag.key.length > 128 || tag.value.length > 256) {
      throw new AwsFault(
        'InvalidTagFault',
        `The tag ${JSON.stringify(tag.key)} is invalid: keys are 1 to 128 characters, values at most 256.`,
      );
    }
  }
  return tags;
}

export function readTagFilter(input: QueryInput): TagFilter {
  return { keys: input.strings('TagKeys', 'TagKey'), values: input.strings('TagValues', 'TagValue') };
}

/**
 * No filter returns every resource, tagged or not; otherwise a resource matches when one of its
 * tags has one of the keys (if any given) and one of the values (if any given): "any combination
 * of the specified keys and values".
 */
export function matchesTagFilter(tags: readonly Tag[] | undefined, filter: TagFilter): boolean {
  if (filter.keys.length === 0 && filter.values.length === 0) return true;
  return (tags ?? []).some(
    (tag) =>
      (filter.keys.length === 0 || filter.keys.includes(tag.key)) && (filter.values.length === 0 || filter.values.includes(tag.value)),
  );
}

/** `<Tags><Tag><Key>…</Key><Value>…</Value></Tag></Tags>` as Cluster and Snapshot carry them. */
export function tagsXml(tags: readonly Tag[] | undefined): string {
  return list(
    'Tags',
    'Tag',
    (tags ?? []).map((tag) => text('Key', tag.key) + text('Value', tag.value)),
  );
}

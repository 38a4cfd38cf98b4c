/**
 * Open requests one person may have waiting at once, across every kind (access, restore, lifecycle…).
 * Apart from the zod schema, so the approval workflow reads it without loading zod on the ack path.
 */
export const DEFAULT_MAX_OPEN_PER_PERSON = 5;

/**
 * What a requester is shown of an AWS error: the account id and full ARNs stay in the audit log and
 * with approvers; the requester gets the resource's kind and name, which is all they can act on.
 */

/**
 * `arn:partition:service:region:account:resource`. The resource part runs to whitespace, a quote or
 * a bracket, and never ends in sentence punctuation (AWS messages often end "…on resource: arn….").
 */
const ARN = /\barn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:(?:\d{12}|aws)?:([^\s"'`<>(){}[\],;]*[^\s"'`<>(){}[\],;.:!?])/g;
/** A bare AWS account id: exactly twelve digits, not part of a longer number or word. */
const ACCOUNT_ID = /(?<![\w-])\d{12}(?![\w-])/g;

export const REDACTED = '…';

/** `arn:aws:iam::123456789012:role/chatops` → `role/chatops`; any other 12-digit account id → `…`. */
export function redactAccountDetails(text: string): string {
  return text.replace(ARN, (_arn, resource: string) => resource).replace(ACCOUNT_ID, REDACTED);
}

import { AwsOperationError } from '../../redshift/errors';
import { redactAccountDetails } from '../../redshift/redact';

/**
 * What a requester is told when something failed: AWS faults in their own words with a hint,
 * anything else its message; account ids and ARNs left out (they stay in failureDetail).
 */
export function failureText(error: unknown): string {
  if (error instanceof AwsOperationError) return error.userMessage();
  return redactAccountDetails(error instanceof Error ? error.message : String(error));
}

/** The same for approvers, operators and logs: the hint, with account ids and ARNs kept. */
export function failureDetail(error: unknown): string {
  if (error instanceof AwsOperationError) return error.detailedMessage();
  return error instanceof Error ? error.message : String(error);
}

/** The audit record's view of a failure: complete, account ids and ARNs included. */
export function failureRecord(error: unknown): { error: string; fault?: string } {
  if (error instanceof AwsOperationError) return { error: error.message, fault: error.fault };
  return { error: error instanceof Error ? error.message : String(error) };
}

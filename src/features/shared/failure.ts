import { AwsOperationError } from '../../redshift/errors';

/** What a user is told when something failed: AWS faults in their own words with a hint, anything else its message. */
export function failureText(error: unknown): string {
  if (error instanceof AwsOperationError) return error.userMessage();
  return error instanceof Error ? error.message : String(error);
}

/** The audit record's view of a failure. */
export function failureRecord(error: unknown): { error: string; fault?: string } {
  if (error instanceof AwsOperationError) return { error: error.message, fault: error.fault };
  return { error: error instanceof Error ? error.message : String(error) };
}

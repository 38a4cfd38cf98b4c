/**
 * The fields @slack/web-api sets on the errors it throws (`code`, `retryAfter`, `data.error`), read
 * from a caught value of unknown shape: a field that is missing, or not of its type, reads as undefined.
 */

/** The library's error code, such as `slack_webapi_rate_limited_error`. */
export function slackErrorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

/** Seconds Slack asked to wait before retrying (rate-limited errors only). */
export function slackRetryAfter(error: unknown): number | undefined {
  return typeof error === 'object' && error !== null && 'retryAfter' in error && typeof error.retryAfter === 'number'
    ? error.retryAfter
    : undefined;
}

/** Slack's own refusal (`ok: false`), such as `users_not_found`. */
export function slackPlatformError(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('data' in error)) return undefined;
  const { data } = error;
  return typeof data === 'object' && data !== null && 'error' in data && typeof data.error === 'string' ? data.error : undefined;
}

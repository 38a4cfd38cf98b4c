import { ErrorCode, LogLevel, WebClient, type Logger, type WebAPIPlatformError } from '@slack/web-api';

/** The stand-in answers invalid blocks with `[ERROR]` metadata as Slack does; WebClient would log it. */
export const quietSlackLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  setLevel: () => undefined,
  getLevel: () => LogLevel.ERROR,
  setName: () => undefined,
};

/** A real WebClient on the stand-in: no retries, no log noise. */
export function standInClient(apiUrl: string, token: string | undefined): WebClient {
  return new WebClient(token, { slackApiUrl: apiUrl, retryConfig: { retries: 0 }, logger: quietSlackLogger });
}

/** The platform error a Web API call fails with; fails the test when the call succeeds. */
export async function platformError(call: Promise<unknown>): Promise<WebAPIPlatformError> {
  try {
    await call;
  } catch (error) {
    const coded = error as WebAPIPlatformError;
    expect(coded.code).toBe(ErrorCode.PlatformError);
    return coded;
  }
  throw new Error('expected the call to fail');
}

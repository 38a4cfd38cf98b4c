import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AwsService, EmulatorContext } from '../core';
import { text } from '../redshift/xml';
import { callerArn, callerUserId, type EmulatedCaller } from './caller';
import { answerQuery, claimsQuery, type QueryApi } from './query-wire';

/**
 * STS's GetCallerIdentity (Query protocol): who the caller is, as the one identity the emulator's
 * calls come from. "No permissions are required to perform this operation" (its reference), so
 * nothing denies it; a fault rule can.
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html
 */
export class StsService implements AwsService {
  readonly name = 'sts' as const;
  private readonly api: QueryApi = {
    service: this.name,
    version: '2011-06-15',
    xmlns: 'https://sts.amazonaws.com/doc/2011-06-15/',
    operations: {
      GetCallerIdentity: () => {
        const caller = this.caller();
        return text('UserId', callerUserId(caller)) + text('Account', caller.accountId) + text('Arn', callerArn(caller));
      },
    },
  };

  constructor(
    private readonly context: EmulatorContext,
    private readonly caller: () => EmulatedCaller,
  ) {}

  matches(req: IncomingMessage, body: string): boolean {
    return claimsQuery(req, body, this.api.version, 'sts');
  }

  async handle(_req: IncomingMessage, res: ServerResponse, body: string): Promise<void> {
    answerQuery(this.context, this.api, res, body);
  }
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import { AwsFault, type AwsService, type EmulatorContext } from '../core';
import { list, node, text } from '../redshift/xml';
import { callerArn, principalArn, type EmulatedCaller } from './caller';
import type { IamModel } from './iam-model';
import { answerQuery, claimsQuery, memberList, type QueryApi } from './query-wire';

const DEFAULT_MAX_ITEMS = 100;

/**
 * IAM's SimulatePrincipalPolicy (Query protocol) for the one principal the emulator has: each
 * action in ActionNames is evaluated for each resource in ResourceArns ('*' when none is given)
 * and each combination reported, paged by MaxItems (default 100) and Marker. ContextEntries are
 * accepted, but no condition is modelled: the model's decisions do not depend on them.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulatePrincipalPolicy.html
 */
export class IamService implements AwsService {
  readonly name = 'iam' as const;
  private readonly api: QueryApi = {
    service: this.name,
    version: '2010-05-08',
    xmlns: 'https://iam.amazonaws.com/doc/2010-05-08/',
    operations: { SimulatePrincipalPolicy: (params) => this.simulate(params) },
  };

  constructor(
    private readonly context: EmulatorContext,
    private readonly caller: () => EmulatedCaller,
    private readonly model: IamModel,
  ) {}

  matches(req: IncomingMessage, body: string): boolean {
    return claimsQuery(req, body, this.api.version, 'iam');
  }

  async handle(_req: IncomingMessage, res: ServerResponse, body: string): Promise<void> {
    answerQuery(this.context, this.api, res, body);
  }

  private simulate(params: URLSearchParams): string {
    const source = params.get('PolicySourceArn') ?? '';
    if (source === '') throw invalidInput('PolicySourceArn is required.');
    const actions = memberList(params, 'ActionNames');
    if (actions.length === 0) throw invalidInput('ActionNames is required.');
    const caller = this.caller();
    if (!this.model.mayUseSimulator) {
      throw new AwsFault(
        'AccessDenied',
        `User: ${callerArn(caller)} is not authorized to perform: iam:SimulatePrincipalPolicy on resource: ${source}`,
        403,
      );
    }
    if (source !== principalArn(caller)) throw new AwsFault('NoSuchEntity', `The entity ${source} cannot be found.`, 404);
    for (const name of actions) {
      if (!/^[^:\s]+:[^:\s]+$/.test(name))
        throw invalidInput(`${name} is not an action name: include the service, such as iam:CreateUser.`);
    }
    const resources = memberList(params, 'ResourceArns');
    const results = actions.flatMap((name) =>
      (resources.length > 0 ? resources : ['*']).map((resource) => evaluation(name, resource, this.model)),
    );
    const maxItems = pageSize(params.get('MaxItems'));
    const start = startOf(params.get('Marker'), results.length);
    const page = results.slice(start, start + maxItems);
    const truncated = start + maxItems < results.length;
    return (
      list('EvaluationResults', 'member', page) +
      text('IsTruncated', truncated) +
      (truncated ? text('Marker', String(start + maxItems)) : '')
    );
  }
}

function evaluation(action: string, resource: string, model: IamModel): string {
  return (
    text('EvalActionName', action) +
    text('EvalResourceName', resource) +
    text('EvalDecision', model.decide(action)) +
    node('MatchedStatements') +
    node('MissingContextValues')
  );
}

function pageSize(raw: string | null): number {
  if (raw === null || raw === '') return DEFAULT_MAX_ITEMS;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 1000) throw invalidInput(`MaxItems must be between 1 and 1000, not ${raw}.`);
  return value;
}

/** Markers are the emulator's own (an offset); one it did not give is refused. */
function startOf(raw: string | null, total: number): number {
  if (raw === null || raw === '') return 0;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > total) throw invalidInput(`Invalid Marker: ${raw}.`);
  return value;
}

function invalidInput(message: string): AwsFault {
  return new AwsFault('InvalidInput', message, 400);
}

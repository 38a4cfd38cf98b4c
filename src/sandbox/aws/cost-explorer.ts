import type { IncomingMessage, ServerResponse } from 'node:http';
import { newRequestId, type AwsService, type EmulatorContext } from './core';

/** The account's Redshift bill for one UTC day (`YYYY-MM-DD`), in USD. */
export type DailyBill = (day: string) => number;

const TARGET_PREFIX = 'AWSInsightsIndexService.';
const DAY_MS = 86_400_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** Cost Explorer's day pages are long; this keeps paging honest in tests without huge ranges. */
const PAGE_DAYS = 40;

/** Two clusters' node-hours and some Serverless: about $60–80 a day, varying by weekday. */
const defaultDailyBill: DailyBill = (day) => {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return 60 + weekday * 3.25;
};

class CeFault extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

/**
 * Cost Explorer's GetCostAndUsage (JSON 1.1, X-Amz-Target AWSInsightsIndexService.*), DAILY or
 * MONTHLY, UnblendedCost, filtered on SERVICE = Amazon Redshift or not at all. Days from today on are
 * `Estimated`, as the real service marks the open billing period. `bill` is what tests change.
 */
export class CostExplorerService implements AwsService {
  readonly name = 'cost-explorer' as const;
  /** Every request's input, for tests that count calls. */
  readonly requests: Array<Record<string, unknown>> = [];
  bill: DailyBill = defaultDailyBill;

  constructor(private readonly context: EmulatorContext) {}

  matches(req: IncomingMessage): boolean {
    const target = req.headers['x-amz-target'];
    return req.method === 'POST' && typeof target === 'string' && target.startsWith(TARGET_PREFIX);
  }

  async handle(req: IncomingMessage, res: ServerResponse, body: string): Promise<void> {
    const operation = String(req.headers['x-amz-target'] ?? '').slice(TARGET_PREFIX.length);
    try {
      if (operation !== 'GetCostAndUsage') throw new CeFault('UnknownOperationException', `Operation ${operation || '(none)'} is not supported.`);
      const input = parse(body);
      this.requests.push(input);
      const injected = this.context.faults.take(this.name, operation, input);
      if (injected?.kind === 'throttle') throw new CeFault('LimitExceededException', 'Rate exceeded');
      if (injected?.kind === 'internal') throw new CeFault('InternalServerException', 'Internal error', 500);
      if (injected?.kind === 'named') throw new CeFault(injected.code, injected.message, injected.status ?? 400);
      send(res, 200, this.getCostAndUsage(input));
    } catch (error) {
      const fault = error instanceof CeFault ? error : new CeFault('InternalServerException', error instanceof Error ? error.message : String(error), 500);
      send(res, fault.status, { __type: fault.code, Message: fault.message }, fault.code);
    }
  }

  private getCostAndUsage(input: Record<string, unknown>): Record<string, unknown> {
    const period = (input.TimePeriod ?? {}) as { Start?: unknown; End?: unknown };
    if (typeof period.Start !== 'string' || typeof period.End !== 'string' || !DATE.test(period.Start) || !DATE.test(period.End)) {
      throw new CeFault('ValidationException', 'TimePeriod Start and End must be dates in the form YYYY-MM-DD.');
    }
    const start = Date.parse(`${period.Start}T00:00:00Z`);
    const end = Date.parse(`${period.End}T00:00:00Z`);
    if (!(start < end)) throw new CeFault('ValidationException', 'Start date must be before end date.');
    const granularity = input.Granularity;
    if (granularity !== 'DAILY' && granularity !== 'MONTHLY') throw new CeFault('ValidationException', 'Granularity must be DAILY or MONTHLY.');
    const metrics = input.Metrics;
    if (!Array.isArray(metrics) || metrics.length === 0) throw new CeFault('ValidationException', 'Metrics must name at least one metric.');
    const redshiftOnly = filtersRedshift(input.Filter);
    const today = Math.floor(this.context.clock.now() / DAY_MS) * DAY_MS;
    const amount = (day: number) => (redshiftOnly ? this.bill(isoDay(day)) : this.bill(isoDay(day)) * 1.4);

    const offset = typeof input.NextPageToken === 'string' ? Number(input.NextPageToken) : 0;
    const results: unknown[] = [];
    let next: string | undefined;
    if (granularity === 'DAILY') {
      let day = start + offset * DAY_MS;
      for (let count = 0; day < end; count++, day += DAY_MS) {
        if (count === PAGE_DAYS) {
          next = String(offset + count);
          break;
        }
        results.push(result(isoDay(day), isoDay(day + DAY_MS), amount(day), day >= today, metrics));
      }
    } else {
      for (let month = start; month < end; ) {
        const date = new Date(month);
        const monthEnd = Math.min(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1), end);
        let total = 0;
        for (let day = month; day < monthEnd; day += DAY_MS) total += amount(day);
        results.push(result(isoDay(month), isoDay(monthEnd), total, monthEnd > today, metrics));
        month = monthEnd;
      }
    }
    return { ResultsByTime: results, DimensionValueAttributes: [], ...(next !== undefined ? { NextPageToken: next } : {}) };
  }
}

function result(start: string, end: string, usd: number, estimated: boolean, metrics: unknown[]) {
  const total = Object.fromEntries(metrics.map((metric) => [String(metric), { Amount: usd.toFixed(10), Unit: 'USD' }]));
  return { TimePeriod: { Start: start, End: end }, Total: total, Groups: [], Estimated: estimated };
}

/** True for a filter on SERVICE = Amazon Redshift; no filter means the whole account. */
function filtersRedshift(filter: unknown): boolean {
  if (filter === undefined || filter === null) return false;
  const dimensions = (filter as { Dimensions?: { Key?: unknown; Values?: unknown } }).Dimensions;
  if (dimensions?.Key !== 'SERVICE' || !Array.isArray(dimensions.Values)) throw new CeFault('ValidationException', 'The emulator filters only on Dimensions SERVICE.');
  if (!dimensions.Values.includes('Amazon Redshift')) throw new CeFault('ValidationException', 'The emulator knows only the service Amazon Redshift.');
  return true;
}

function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function parse(body: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(body || '{}');
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // Falls through to the fault below.
  }
  throw new CeFault('SerializationException', 'The request body is not a JSON object.');
}

function send(res: ServerResponse, status: number, body: unknown, errorType?: string): void {
  res.writeHead(status, {
    'Content-Type': 'application/x-amz-json-1.1',
    'x-amzn-RequestId': newRequestId(),
    ...(errorType ? { 'x-amzn-ErrorType': errorType } : {}),
  });
  res.end(JSON.stringify(body));
}

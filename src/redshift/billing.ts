/**
 * The billing port: control-plane calls about money rather than warehouses — Serverless usage
 * limits (CreateUsageLimit caps RPU-hours) and Cost Explorer's actual bill. Pure types; the adapters
 * are usage-limits.ts and cost-explorer.ts.
 */

export type UsageLimitPeriod = 'daily' | 'weekly' | 'monthly';
export type UsageLimitBreachAction = 'log' | 'emit-metric' | 'deactivate';

export interface UsageLimitSpec {
  /** RPU-hours per period, a whole number of at least 1. */
  amountRpuHours: number;
  period: UsageLimitPeriod;
  breachAction: UsageLimitBreachAction;
}

export interface UsageLimitInfo extends UsageLimitSpec {
  id: string;
  /** The workgroup it applies to. */
  resourceArn: string;
}

/** Serverless usage limits. */
export interface UsageLimits {
  /** The serverless-compute usage limits on a Serverless target's workgroup. */
  listUsageLimits(target: string): Promise<UsageLimitInfo[]>;
  createUsageLimit(target: string, spec: UsageLimitSpec): Promise<UsageLimitInfo>;
}

/** What Cost Explorer says the account spent on Amazon Redshift, per UTC day (all of Redshift, not per target). */
export interface ActualSpend {
  days: Array<{ day: string; usd: number; estimated: boolean }>;
  total: number;
}

/** Cost Explorer's actual bill: GetCostAndUsage filtered on the Redshift service. */
export interface CostExplorer {
  /** `from` inclusive, `to` exclusive, as `YYYY-MM-DD`. */
  actualSpend(from: string, to: string): Promise<ActualSpend>;
}

/** Everything the billing port offers. */
export type Billing = UsageLimits & CostExplorer;

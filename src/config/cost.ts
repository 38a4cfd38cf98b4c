import { flag, list, mapOf, numberIn, pattern, strictObject, targetName } from './fields';

const nodeHourPrices: Record<string, number> = { 'dc2.large': 0.25, 'ra3.xlplus': 1.086, 'ra3.4xlarge': 3.26, 'ra3.16xlarge': 13.04 };

/** Prices used when chatops.yml gives none (USD, us-east-1); the ra3 node-hour, managed storage and ML prices are estimates: set `cost.prices` for real bills. */
const defaultPrices = {
  spectrumPerTB: 5,
  serverlessPerRpuHour: 0.375,
  managedStoragePerGBMonth: 0.024,
  mlPerMillionCells: 20,
  // Cross-region snapshot copy: S3 Standard's first-tier us-east-1 figure, and inter-Region transfer out (pricing pages).
  backupStoragePerGBMonth: 0.023,
  crossRegionTransferPerGB: 0.02,
  nodeHour: nodeHourPrices,
};

const price = (example: string) => numberIn(0, Infinity, { example });

const nodeType = pattern('a node type', 'use a Redshift node type such as ra3.xlplus or dc2.large', /^[a-z0-9]+\.[a-z0-9]+$/);

const pricesSchema = strictObject(
  {
    spectrumPerTB: price('5').default(defaultPrices.spectrumPerTB),
    serverlessPerRpuHour: price('0.375').default(defaultPrices.serverlessPerRpuHour),
    managedStoragePerGBMonth: price('0.024').default(defaultPrices.managedStoragePerGBMonth),
    mlPerMillionCells: price('20').default(defaultPrices.mlPerMillionCells),
    backupStoragePerGBMonth: price('0.023').default(defaultPrices.backupStoragePerGBMonth),
    crossRegionTransferPerGB: price('0.02').default(defaultPrices.crossRegionTransferPerGB),
    // Listed node types replace the default price for that type only; the rest keep theirs.
    nodeHour: mapOf(nodeType, price('1.086'), 'map node types to USD per node-hour, such as { ra3.xlplus: 1.086 }')
      .default({})
      .transform((given) => ({ ...defaultPrices.nodeHour, ...given })),
  },
  'set prices in USD, or leave prices out for the us-east-1 defaults',
).prefault({});

const budgetSchema = strictObject(
  {
    dailyUsd: numberIn(0.01, Infinity, { example: '200' }).optional(),
    monthlyUsd: numberIn(0.01, Infinity, { example: '5000' }).optional(),
    spectrumTBPerDay: numberIn(0.001, Infinity, { example: '2' }).optional(),
  },
  'set dailyUsd, monthlyUsd or spectrumTBPerDay, such as { dailyUsd: 200 }',
).superRefine((budget, ctx) => {
  if (budget.dailyUsd === undefined && budget.monthlyUsd === undefined && budget.spectrumTBPerDay === undefined) {
    ctx.addIssue({ code: 'custom', message: 'sets no limit; set dailyUsd, monthlyUsd or spectrumTBPerDay, or remove this budget' });
  }
});

export const costSchema = strictObject(
  {
    prices: pricesSchema,
    costExplorer: strictObject({ enabled: flag().default(false) }, 'set enabled: true or false').prefault({}),
    budgets: mapOf(targetName, budgetSchema, 'map target names to budgets, such as { prod: { dailyUsd: 200 } }').default({}),
    alertThresholds: list(numberIn(1, 1000, { whole: true, example: '80' }), 'list percentages of a budget, such as [50, 80, 100]')
      .min(1, { error: 'is an empty list; list at least one percentage, such as [100]' })
      .default([50, 80, 100])
      .superRefine((thresholds, ctx) => {
        if (thresholds.some((value, index) => index > 0 && value <= thresholds[index - 1])) {
          ctx.addIssue({
            code: 'custom',
            message: `[${thresholds.join(', ')}] is not in increasing order; list each percentage once, smallest first`,
          });
        }
      }),
    idleHours: numberIn(0, 720, { example: '12' }).default(12),
  },
  'set prices, costExplorer, budgets, alertThresholds and idleHours, or leave cost out',
).prefault({});

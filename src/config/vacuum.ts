import { numberIn, strictObject } from './fields';

const percent = (example: string) => numberIn(0, 100, { example });

/** Thresholds whose defaults are those of AWS's Analyze & Vacuum utility, plus how the weekly reminder behaves. */
export const vacuumSchema = strictObject(
  {
    unsortedPct: percent('5').default(5),
    statsOffPct: percent('10').default(10),
    largeTableGB: numberIn(1, Infinity, { example: '700' }).default(700),
    largeTableMaxUnsortedPct: percent('50').default(50),
    toPercent: numberIn(1, 100, { whole: true, example: '95' }).default(95),
    recentlyVacuumedHours: numberIn(0, 8760, { example: '24' }).default(24),
    snoozeDays: numberIn(1, 365, { whole: true, example: '7' }).default(7),
    maxCandidates: numberIn(1, 100, { whole: true, example: '10' }).default(10),
  },
  'set the VACUUM thresholds, or leave vacuum out for the defaults',
)
  .superRefine((vacuum, ctx) => {
    if (vacuum.largeTableMaxUnsortedPct < vacuum.unsortedPct) {
      ctx.addIssue({
        code: 'custom',
        path: ['largeTableMaxUnsortedPct'],
        message: `${vacuum.largeTableMaxUnsortedPct} is below unsortedPct (${vacuum.unsortedPct}), so no large table would ever qualify; raise it or lower unsortedPct`,
      });
    }
  })
  .prefault({});

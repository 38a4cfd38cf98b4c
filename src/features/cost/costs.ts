import type { ChatopsConfig } from '../../config/chatops';
import {
  billsManagedStorage,
  DAY_MS,
  HOUR_MS,
  MB_PER_TB,
  nodeUsd,
  runningSplit,
  serverlessUsd,
  spectrumUsd,
  type StateChange,
} from './model';
import { managedStorageUsd } from '../shared/storage-cost';
import { dayKey, startOfDay, type Window } from './periods';
import type { DailyUsage } from './usage';

/** Usage per day turned into dollars per component (pure). */

export type Prices = ChatopsConfig['cost']['prices'];

/** What the control plane and the bot's own observations say about a warehouse. */
export interface WarehouseFacts {
  kind: 'provisioned' | 'serverless';
  nodeType?: string;
  nodes?: number;
  /** Observed paused/running changes, oldest first (provisioned). */
  changes: readonly StateChange[];
  /** Whether it is paused now: the state assumed where nothing was observed. */
  pausedNow: boolean;
  /** Provisioned: what it stores (SVV_TABLE_INFO, last read), for RA3 managed storage. */
  storageMb?: number;
  /** Figures that could not be read in full (hidden from the identity, or the read failed): not counted, with the reason. */
  missing: Missing;
}

export type CostComponent = Exclude<keyof Components, 'total'>;
export type Missing = Partial<Record<CostComponent, string>>;

export interface Components {
  spectrum: number;
  serverless: number;
  nodes: number;
  storage: number;
  total: number;
}

export interface DayCost extends Components {
  day: string;
  spectrumMb: number;
  spectrumQueries: number;
  rpuHours: number;
  runningHours: number;
  pausedHours: number;
}

export const COMPONENT_LABELS: Readonly<Record<Exclude<keyof Components, 'total'>, string>> = {
  nodes: 'Nodes (node-hours while running)',
  serverless: 'Serverless RPU-hours',
  spectrum: 'Spectrum scans',
  storage: 'Managed storage (GB-month, running or paused)',
};

/** Whether the node type has a price in chatops.yml (else node-hours are not counted, and the report says so). */
export function nodePriced(facts: WarehouseFacts, prices: Prices): boolean {
  return facts.kind !== 'provisioned' || (facts.nodeType !== undefined && nodeUsd(facts.nodeType, 1, 1, prices.nodeHour) !== undefined);
}

/** One entry per UTC day touching the window (first and last days partial), in order. */
export function dailyCosts(window: Window, usage: readonly DailyUsage[], facts: WarehouseFacts, prices: Prices): DayCost[] {
  const byDay = new Map(usage.map((day) => [day.day, day]));
  const days: DayCost[] = [];
  for (let dayStart = startOfDay(window.from); dayStart < window.to; dayStart += DAY_MS) {
    const from = Math.max(dayStart, window.from);
    const to = Math.min(dayStart + DAY_MS, window.to);
    const day = dayKey(dayStart);
    const used = byDay.get(day);
    const split =
      facts.kind === 'provisioned' ? runningSplit(from, to, facts.changes, facts.pausedNow) : { runningHours: 0, pausedHours: 0 };
    const missing = facts.missing;
    const spectrumMb = missing.spectrum === undefined ? (used?.spectrumBilledMb ?? 0) : 0;
    const rpuSeconds = missing.serverless === undefined ? (used?.rpuSeconds ?? 0) : 0;
    const spectrum = spectrumUsd(spectrumMb, prices.spectrumPerTB);
    const serverless = serverlessUsd(rpuSeconds, prices.serverlessPerRpuHour);
    const nodes =
      facts.kind === 'provisioned' && facts.nodeType !== undefined && facts.nodes !== undefined
        ? (nodeUsd(facts.nodeType, facts.nodes, split.runningHours, prices.nodeHour) ?? 0)
        : 0;
    const storage = missing.storage === undefined ? storageUsd(facts, used, (to - from) / HOUR_MS, prices) : 0;
    days.push({
      day,
      spectrum,
      serverless,
      nodes,
      storage,
      total: spectrum + serverless + nodes + storage,
      spectrumMb,
      spectrumQueries: used?.spectrumQueries ?? 0,
      rpuHours: rpuSeconds / 3600,
      runningHours: split.runningHours,
      pausedHours: split.pausedHours,
    });
  }
  return days;
}

/**
 * Managed storage for `hours` of one day: on RA3 the size last read, whether the cluster ran or was
 * paused; on Serverless the day's mean data_storage. DC2 storage is part of the node price.
 */
function storageUsd(facts: WarehouseFacts, used: DailyUsage | undefined, hours: number, prices: Prices): number {
  if (facts.kind === 'serverless')
    return used?.storageMb !== undefined ? managedStorageUsd(used.storageMb, hours, prices.managedStoragePerGBMonth) : 0;
  if (!billsManagedStorage(facts.nodeType) || facts.storageMb === undefined) return 0;
  return managedStorageUsd(facts.storageMb, hours, prices.managedStoragePerGBMonth);
}

/** Sum of the days that fall in [from, to) by day key. */
export function sumDays(days: readonly DayCost[], from: number, to: number): DayCost {
  const first = dayKey(from);
  const last = dayKey(to - 1);
  const zero: DayCost = {
    day: first,
    spectrum: 0,
    serverless: 0,
    nodes: 0,
    storage: 0,
    total: 0,
    spectrumMb: 0,
    spectrumQueries: 0,
    rpuHours: 0,
    runningHours: 0,
    pausedHours: 0,
  };
  return days
    .filter((day) => day.day >= first && day.day <= last)
    .reduce(
      (sum, day) => ({
        day: first,
        spectrum: sum.spectrum + day.spectrum,
        serverless: sum.serverless + day.serverless,
        nodes: sum.nodes + day.nodes,
        storage: sum.storage + day.storage,
        total: sum.total + day.total,
        spectrumMb: sum.spectrumMb + day.spectrumMb,
        spectrumQueries: sum.spectrumQueries + day.spectrumQueries,
        rpuHours: sum.rpuHours + day.rpuHours,
        runningHours: sum.runningHours + day.runningHours,
        pausedHours: sum.pausedHours + day.pausedHours,
      }),
      zero,
    );
}

export function spectrumTB(billedMb: number): number {
  return billedMb / MB_PER_TB;
}

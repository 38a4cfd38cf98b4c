import { verbs } from '../../../src/commands/types';
import { builtFeatures, plannedCapabilities } from '../../../src/features/catalog';
import { commandTable } from '../../../src/features/router';
import type { Feature } from '../../../src/features/types';

/** The keys each built feature declares in one of its tables, feature by feature. */
function keysOf(table: (feature: Feature) => object | undefined): string[][] {
  return builtFeatures.map((feature) => Object.keys(table(feature) ?? {}));
}

function repeated(lists: string[][]): string[] {
  const all = lists.flat();
  return all.filter((key, index) => all.indexOf(key) !== index);
}

describe('the features this build ships', () => {
  it('answer every verb of the grammar, or name it as planned', () => {
    const table = commandTable(builtFeatures);
    const unanswered = verbs.filter((verb) => !table[verb] && !plannedCapabilities[verb]);
    expect(unanswered).toEqual([]);
  });

  it('never claim the same verb, job type or watch type twice (the later one would silently win)', () => {
    expect(repeated(keysOf((feature) => feature.commands))).toEqual([]);
    expect(repeated(keysOf((feature) => feature.jobs))).toEqual([]);
    expect(repeated(keysOf((feature) => feature.watches))).toEqual([]);
  });
});

describe('commandTable', () => {
  it("lets a later feature's handler replace an earlier one's for the same verb", () => {
    const first: Feature<'status'> = { name: 'first', commands: { status: async () => undefined } };
    const second: Feature<'status' | 'cost'> = { name: 'second', commands: { status: async () => undefined, cost: async () => undefined } };
    const table = commandTable([first, second]);
    expect(table.status).toBe(second.commands.status);
    expect(table.cost).toBe(second.commands.cost);
    expect(table.help).toBeUndefined();
  });

  it('holds each built feature under exactly the verbs of its commands', () => {
    const table = commandTable(builtFeatures);
    for (const feature of builtFeatures) {
      const own = verbs.filter((verb) => feature.commands[verb]);
      expect(own.length).toBeGreaterThan(0);
      for (const verb of own) expect(table[verb]).toBe(feature.commands[verb]);
    }
  });
});

import type { Target } from '../config/targets';
import type { RedshiftClients } from './clients';
import { ProvisionedWarehouse } from './provisioned';
import { ServerlessWarehouse } from './serverless';
import type { Warehouse } from './warehouse';

/** The adapter for one chatops.yml target, on the client of the target's region. */
export function warehouseFor(targetName: string, target: Target, clients: RedshiftClients): Warehouse {
  switch (target.kind) {
    case 'provisioned':
      return new ProvisionedWarehouse(targetName, target, clients.redshift(target.region), (region) => clients.redshift(region));
    case 'serverless':
      return new ServerlessWarehouse(targetName, target, clients.serverless(target.region));
  }
}

/** Asked for a target chatops.yml does not define. */
export class UnknownTargetError extends Error {
  constructor(
    readonly target: string,
    readonly known: readonly string[],
  ) {
    super(`${JSON.stringify(target)} is not a target in chatops.yml; use one of ${known.join(', ')}`);
    this.name = 'UnknownTargetError';
  }

  userMessage(): string {
    return this.message;
  }
}

/** One warehouse per configured target, made the first time it is asked for. */
export class Warehouses {
  private readonly made = new Map<string, Warehouse>();

  constructor(
    private readonly targets: Readonly<Record<string, Target>>,
    private readonly clients: RedshiftClients,
  ) {}

  names(): string[] {
    return Object.keys(this.targets);
  }

  has(name: string): boolean {
    return Object.prototype.hasOwnProperty.call(this.targets, name);
  }

  get(name: string): Warehouse {
    const existing = this.made.get(name);
    if (existing) return existing;
    if (!this.has(name)) throw new UnknownTargetError(name, this.names());
    const warehouse = warehouseFor(name, this.targets[name], this.clients);
    this.made.set(name, warehouse);
    return warehouse;
  }
}

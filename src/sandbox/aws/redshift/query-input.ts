import { faults } from './faults';

/**
 * The parameters of one Query-protocol request (form-encoded, `Name.Member.N.Field` for lists),
 * read with the type checks the service makes before it looks at anything else.
 */
export class QueryInput {
  constructor(private readonly params: URLSearchParams) {}

  /** Flat view for fault rules (`FaultRule.when`). */
  record(): Record<string, string> {
    return Object.fromEntries(this.params.entries());
  }

  string(name: string): string | undefined {
    return this.params.get(name) ?? undefined;
  }

  requiredString(name: string): string {
    const value = this.params.get(name);
    if (value === null || value === '') throw faults.missingParameter(name);
    return value;
  }

  integer(name: string): number | undefined {
    const raw = this.params.get(name);
    if (raw === null || raw === '') return undefined;
    if (!/^-?\d+$/.test(raw.trim())) throw faults.invalidValue(`Invalid value for ${name}: ${raw} is not an integer.`);
    return Number(raw);
  }

  boolean(name: string): boolean | undefined {
    const raw = this.params.get(name);
    if (raw === null || raw === '') return undefined;
    const lower = raw.toLowerCase();
    if (lower !== 'true' && lower !== 'false') throw faults.invalidValue(`Invalid value for ${name}: ${raw} is not a boolean.`);
    return lower === 'true';
  }

  /** ISO 8601 (what the SDK sends) or epoch seconds. */
  timestamp(name: string): number | undefined {
    const raw = this.params.get(name);
    if (raw === null || raw === '') return undefined;
    const ms = /^\d+(\.\d+)?$/.test(raw) ? Number(raw) * 1000 : Date.parse(raw);
    if (Number.isNaN(ms)) throw faults.invalidValue(`Invalid value for ${name}: ${raw} is not a valid timestamp.`);
    return ms;
  }

  /** A list of strings: `Name.Member.1=...`, in index order. */
  strings(name: string, member: string): string[] {
    const pattern = new RegExp(`^${name}\\.${member}\\.(\\d+)$`);
    const byIndex: Array<[number, string]> = [];
    for (const [key, value] of this.params.entries()) {
      const match = pattern.exec(key);
      if (match) byIndex.push([Number(match[1]), value]);
    }
    return byIndex.sort(([a], [b]) => a - b).map(([, value]) => value);
  }

  /** A list of structures: `Name.Member.1.Field=...`, in index order. */
  structures(name: string, member: string): Array<Map<string, string>> {
    const prefix = `${name}.${member}.`;
    const byIndex = new Map<number, Map<string, string>>();
    for (const [key, value] of this.params.entries()) {
      if (!key.startsWith(prefix)) continue;
      const match = /^(\d+)\.(.+)$/.exec(key.slice(prefix.length));
      if (!match) continue;
      const index = Number(match[1]);
      const fields = byIndex.get(index) ?? new Map<string, string>();
      fields.set(match[2], value);
      byIndex.set(index, fields);
    }
    return [...byIndex.entries()].sort(([a], [b]) => a - b).map(([, fields]) => fields);
  }
}

/** Where a restore reads from: a snapshot (both kinds) or a Serverless recovery point. */
export type RestoreSource = { kind: 'snapshot'; id: string } | { kind: 'recovery-point'; id: string };

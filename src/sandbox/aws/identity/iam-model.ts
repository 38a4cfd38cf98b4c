/**
 * What the caller's IAM role allows, for the policy simulator. By default everything: the bot's
 * role as serverless.yml deploys it. Tests take actions away (an implicit deny: no statement allows
 * them) or deny the caller the simulator itself.
 */
export type EvalDecision = 'allowed' | 'explicitDeny' | 'implicitDeny';

export class IamModel {
  private readonly denied = new Set<string>();
  private simulatorDenied = false;

  /** `service:Action`, as policies spell it (case-insensitive, as IAM compares actions). */
  deny(...actions: string[]): void {
    for (const action of actions) this.denied.add(action.toLowerCase());
  }

  /** The caller may not call iam:SimulatePrincipalPolicy: it answers AccessDenied. */
  denySimulator(): void {
    this.simulatorDenied = true;
  }

  /** Back to the default: everything allowed. */
  reset(): void {
    this.denied.clear();
    this.simulatorDenied = false;
  }

  get mayUseSimulator(): boolean {
    return !this.simulatorDenied;
  }

  decide(action: string): EvalDecision {
    return this.denied.has(action.toLowerCase()) ? 'implicitDeny' : 'allowed';
  }
}

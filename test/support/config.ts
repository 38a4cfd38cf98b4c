/** The smallest valid chatops.yml: one target and the three channels; everything else defaulted. */
export const minimalConfigYaml = `
targets:
  prod:
    kind: provisioned
    cluster: analytics-prod
    database: dev
    dbUser: chatops_admin
channels:
  approvals: C0APPROVALS
  alerts: C0ALERTS
  audit: C0AUDIT
`;

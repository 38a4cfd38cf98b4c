import { z } from 'zod';
import { describeValue } from './errors';
import { pattern, redshiftName, strictObject, text } from './fields';

/** AWS's naming rules: cluster identifiers (CreateCluster) and Serverless namespace and workgroup names. */
const CLUSTER_ID_RE = /^[a-z](?:-?[a-z0-9])*$/;
const SERVERLESS_NAME_RE = /^[a-z0-9-]{3,64}$/;
const SECRET_ARN_RE = /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:[A-Za-z0-9/_+=.@-]+$/;
const REGION_RE = /^[a-z]{2}(-[a-z]+)+-[0-9]+$/;

const clusterId = text(
  'a cluster identifier',
  'use 1-63 lower-case letters, digits or hyphens, starting with a letter, with no double or trailing hyphen, such as analytics-prod',
  (value) => value.length <= 63 && CLUSTER_ID_RE.test(value),
);
const serverlessName = (what: string, example: string) =>
  pattern(what, `use 3-64 lower-case letters, digits or hyphens, such as ${example}`, SERVERLESS_NAME_RE);
const secretArn = pattern(
  'a Secrets Manager ARN',
  "use the secret's full ARN, such as arn:aws:secretsmanager:us-east-1:123456789012:secret:redshift-chatops-AbCdEf",
  SECRET_ARN_RE,
);
const region = pattern('an AWS region', 'use a region code such as us-east-1 or eu-west-1', REGION_RE);
const description = z.string({ error: (issue) => `${describeValue(issue.input)} is not text; write a short description` });
const database = redshiftName('a database name', 'dev');
// CreateSnapshotCopyGrant's name rules, the same as a cluster identifier's.
const snapshotCopyGrantName = text(
  'a snapshot copy grant name',
  'use 1-63 lower-case letters, digits or hyphens, starting with a letter, with no double or trailing hyphen, such as prod-copy-grant',
  (value) => value.length <= 63 && CLUSTER_ID_RE.test(value),
);

const provisionedTarget = strictObject(
  {
    kind: z.literal('provisioned'),
    cluster: clusterId,
    database,
    dbUser: redshiftName('a database user name', 'chatops_admin').optional(),
    secretArn: secretArn.optional(),
    region: region.optional(),
    /** Per destination Region, the snapshot copy grant that `backup copy` names for a KMS-encrypted cluster. */
    snapshotCopyGrants: z.record(region, snapshotCopyGrantName).optional(),
    description: description.optional(),
  },
  'describe the cluster with kind, cluster, database and dbUser or secretArn',
).superRefine((target, ctx) => {
  // The Data API takes one way in: temporary credentials for a user, or a stored secret.
  if ((target.dbUser === undefined) === (target.secretArn === undefined)) {
    ctx.addIssue({
      code: 'custom',
      path: target.dbUser === undefined ? ['dbUser'] : ['secretArn'],
      message:
        target.dbUser === undefined
          ? 'is missing; set exactly one of dbUser (the database user the bot acts as, such as chatops_admin) or secretArn'
          : 'is set together with dbUser; set exactly one of dbUser or secretArn',
    });
  }
});

const serverlessTarget = strictObject(
  {
    kind: z.literal('serverless'),
    workgroup: serverlessName('a workgroup name', 'lake'),
    namespace: serverlessName('a namespace name', 'lake'),
    database,
    secretArn: secretArn.optional(),
    region: region.optional(),
    description: description.optional(),
  },
  'describe the workgroup with kind, workgroup, namespace and database',
);

const KIND_HINT = 'use kind: provisioned (a cluster) or kind: serverless (a Serverless workgroup)';

export const targetSchema = z.discriminatedUnion('kind', [provisionedTarget, serverlessTarget], {
  error: (issue) => {
    // A bad or missing kind is reported at the kind key; issue.input is the whole target.
    if (issue.code === 'invalid_union' && typeof issue.input === 'object' && issue.input !== null) {
      const kind = 'kind' in issue.input ? issue.input.kind : undefined;
      return kind === undefined ? `is missing; ${KIND_HINT}` : `${describeValue(kind)} is not a target kind; ${KIND_HINT}`;
    }
    return issue.input === undefined ? `is missing; ${KIND_HINT}` : `${describeValue(issue.input)} is not a mapping; ${KIND_HINT}`;
  },
});

export type Target = z.output<typeof targetSchema>;
export type ProvisionedTarget = Extract<Target, { kind: 'provisioned' }>;
export type ServerlessTarget = Extract<Target, { kind: 'serverless' }>;

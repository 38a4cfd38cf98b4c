import { systemClock, type Clock } from '../../clock';
import { emulatorContext, type AwsService, type EmulatorContext, type FaultInjector, type Timings } from './core';
import { DatabaseHost } from './data/host';
import { seedSecretUser } from './data/secrets';
import { DEFAULT_CALLER } from './data/identity';
import { RedshiftDataService, type RedshiftDataOptions } from './data/service';
import { DEFAULT_SESSION, type EmulatedCaller } from './identity/caller';
import { IamModel } from './identity/iam-model';
import { IamService } from './identity/iam-service';
import { StsService } from './identity/sts-service';
import { CostExplorerService } from './cost-explorer';
import { LambdaService } from './lambda-service';
import { emulatorLoaders, saveEmulator, type SavedEmulator } from './persist/emulator';
import { RedshiftService, type RedshiftLimits } from './redshift';
import { serveServices, type ServeOptions } from './serve';
import { RedshiftServerlessService } from './serverless';

export interface AwsEmulatorOptions {
  port?: number;
  host?: string;
  clock?: Clock;
  timings?: Partial<Timings>;
  /** Start from the standard seed (cluster analytics-prod, workgroup lake; README "The sandbox") (default) or empty. */
  seed?: boolean;
  /** Start as a saved emulator was instead of the seed (the sandbox's second start). */
  saved?: { state: SavedEmulator; imageDir: string };
  redshiftLimits?: Partial<RedshiftLimits>;
  /** Data API paging, concurrency and the caller's IAM identity. */
  data?: RedshiftDataOptions;
  /** Services asked before the emulator's own (tests: a wrapper that loses responses). */
  extra?: (mounted: { context: EmulatorContext; redshift: RedshiftService; serverless: RedshiftServerlessService }) => AwsService[];
  /** Sees every request before it is routed (tests: which operations were called). */
  onRequest?: ServeOptions['onRequest'];
}

export interface AwsEmulator {
  /** Base endpoint for AWS_ENDPOINT_URL and the SDK clients' `endpoint`. */
  endpoint: string;
  context: EmulatorContext;
  faults: FaultInjector;
  databases: DatabaseHost;
  redshift: RedshiftService;
  serverless: RedshiftServerlessService;
  data: RedshiftDataService;
  lambda: LambdaService;
  /** Cost Explorer's GetCostAndUsage; tests set its `bill`. */
  costExplorer: CostExplorerService;
  /** What the caller's role may do, for IAM's policy simulator; tests deny actions or the simulator. */
  iam: IamModel;
  /** Resolves once the seed (clusters, namespaces, their databases) is in place. */
  ready: Promise<void>;
  /** Writes every database into `imageDir` and returns the rest of the state (see persist/emulator.ts). */
  save(imageDir: string): Promise<SavedEmulator>;
  close(): Promise<void>;
}

/**
 * One local HTTP server for the AWS protocols the bot uses: Redshift (Query), Redshift Serverless and
 * the Data API (JSON 1.1 by X-Amz-Target), Lambda's Invoke, Cost Explorer, and STS's GetCallerIdentity
 * and IAM's SimulatePrincipalPolicy (Query, told from Redshift's by Version and signing name), over one
 * PGlite database host.
 */
export async function startAwsEmulator(options: AwsEmulatorOptions = {}): Promise<AwsEmulator> {
  const context = emulatorContext(options.clock ?? systemClock, options.timings);
  const databases = new DatabaseHost({ clock: context.clock });
  const seed = options.seed ?? true;
  const loaders = options.saved && emulatorLoaders(options.saved.state, options.saved.imageDir, databases);
  const redshift = new RedshiftService(context, databases, { seed, load: loaders?.redshift, limits: options.redshiftLimits });
  const serverless = new RedshiftServerlessService(context, databases, { seed, load: loaders?.serverless });
  const data = new RedshiftDataService(
    context,
    databases,
    {
      cluster: (id) => redshift.state.cluster(id),
      workgroup: (name) => serverless.state.workgroup(name),
      secretUser: seedSecretUser,
    },
    options.data,
  );
  if (options.saved) data.restore(options.saved.state.statements);
  const lambda = new LambdaService();
  const costExplorer = new CostExplorerService(context);
  // One caller for every service: STS names it, IAM simulates its role, the Data API signs in as it.
  const caller = (): EmulatedCaller => ({
    identity: options.data?.caller ?? DEFAULT_CALLER,
    session: DEFAULT_SESSION,
    accountId: context.accountId,
  });
  const iam = new IamModel();
  const services: readonly AwsService[] = [
    ...(options.extra?.({ context, redshift, serverless }) ?? []),
    lambda,
    redshift,
    serverless,
    data,
    costExplorer,
    new StsService(context, caller),
    new IamService(context, caller, iam),
  ];
  const served = await serveServices(services, { host: options.host, port: options.port, onRequest: options.onRequest });
  const ready = Promise.all([redshift.ready, serverless.ready]).then(() => undefined);
  return {
    endpoint: served.endpoint,
    context,
    faults: context.faults,
    databases,
    redshift,
    serverless,
    data,
    lambda,
    costExplorer,
    iam,
    ready,
    async save(imageDir) {
      await ready;
      return saveEmulator({ databases, redshift: redshift.state, serverless: serverless.state, data }, imageDir);
    },
    async close() {
      await served.close();
      await data.close();
      await databases.closeAll();
    },
  };
}

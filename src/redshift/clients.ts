import { RedshiftClient, type RedshiftClientConfig } from '@aws-sdk/client-redshift';
import { RedshiftDataClient } from '@aws-sdk/client-redshift-data';
import { RedshiftServerlessClient } from '@aws-sdk/client-redshift-serverless';

/**
 * The three SDK clients, made on first use and kept per region, so a Lambda cold start constructs
 * none of them. Endpoints and credentials are the SDK's own business (AWS_ENDPOINT_URL_*, the
 * credential chain); settings here exist for tests and the sandbox, which point at the emulator.
 */
export interface RedshiftClients {
  /** `region` from the target; absent means the SDK's default (AWS_REGION, the profile, …). */
  redshift(region?: string): RedshiftClient;
  serverless(region?: string): RedshiftServerlessClient;
  data(region?: string): RedshiftDataClient;
  /** Closes the clients' sockets (tests, process shutdown). */
  destroy(): void;
}

export interface AwsClientSettings {
  /** Used when a target names no region; else the SDK resolves one itself. */
  region?: string;
  /** Only for tests and the sandbox; production leaves it out so AWS_ENDPOINT_URL_* apply. */
  endpoint?: string;
  credentials?: RedshiftClientConfig['credentials'];
  /** SDK attempts per call, first try included (standard retry mode); default 3. */
  maxAttempts?: number;
}

/** Ready-made clients, used for every region (tests). */
export interface InjectedClients {
  redshift?: RedshiftClient;
  serverless?: RedshiftServerlessClient;
  data?: RedshiftDataClient;
}

interface Destroyable {
  destroy(): void;
}

export class AwsRedshiftClients implements RedshiftClients {
  /** One cache per service, keyed by region, so each hands back its own client type. */
  private readonly made = {
    redshift: new Map<string, RedshiftClient>(),
    serverless: new Map<string, RedshiftServerlessClient>(),
    data: new Map<string, RedshiftDataClient>(),
  };

  constructor(
    private readonly settings: AwsClientSettings = {},
    private readonly injected: InjectedClients = {},
  ) {}

  redshift(region?: string): RedshiftClient {
    return this.injected.redshift ?? this.lazy(this.made.redshift, region, (config) => new RedshiftClient(config));
  }

  serverless(region?: string): RedshiftServerlessClient {
    return this.injected.serverless ?? this.lazy(this.made.serverless, region, (config) => new RedshiftServerlessClient(config));
  }

  data(region?: string): RedshiftDataClient {
    return this.injected.data ?? this.lazy(this.made.data, region, (config) => new RedshiftDataClient(config));
  }

  destroy(): void {
    for (const made of [this.made.redshift, this.made.serverless, this.made.data]) {
      for (const client of made.values()) client.destroy();
      made.clear();
    }
  }

  private lazy<C extends Destroyable>(made: Map<string, C>, region: string | undefined, make: (config: SharedConfig) => C): C {
    const resolved = region ?? this.settings.region;
    const key = resolved ?? '';
    const existing = made.get(key);
    if (existing) return existing;
    const client = make(this.config(resolved));
    made.set(key, client);
    return client;
  }

  private config(region: string | undefined): SharedConfig {
    // Standard retry mode: backoff with jitter on throttling, 5xx and network faults. Safe here:
    // reads, creates AWS rejects as duplicates, and Data API calls carry an SDK-made ClientToken.
    const config: SharedConfig = { retryMode: 'standard', maxAttempts: this.settings.maxAttempts ?? 3 };
    if (region !== undefined) config.region = region;
    if (this.settings.endpoint !== undefined) config.endpoint = this.settings.endpoint;
    if (this.settings.credentials !== undefined) config.credentials = this.settings.credentials;
    return config;
  }
}

/** The settings every client takes the same way. */
interface SharedConfig {
  region?: string;
  endpoint?: string;
  credentials?: RedshiftClientConfig['credentials'];
  retryMode: 'standard';
  maxAttempts: number;
}

import type { IncomingMessage } from 'node:http';
import {
  CreateClusterSnapshotCommand,
  DescribeClustersCommand,
  PauseClusterCommand,
  RedshiftClient,
  RedshiftServiceException,
} from '@aws-sdk/client-redshift';
import { ManualClock } from '../../../../src/clock';
import { defaultTimings, FaultInjector, type EmulatorContext } from '../../../../src/sandbox/aws/core';
import {
  MemoryClusterDatabases,
  RedshiftService,
  serveRedshift,
  type ClusterDatabases,
  type ServedRedshift,
} from '../../../../src/sandbox/aws/redshift';

const XMLNS = 'http://redshift.amazonaws.com/doc/2012-12-01/';

describe('Redshift emulator: the Query protocol on the wire', () => {
  let context: EmulatorContext;
  let databases: MemoryClusterDatabases;
  let service: RedshiftService;
  let served: ServedRedshift;
  let client: RedshiftClient;

  beforeEach(async () => {
    const clock = new ManualClock(Date.UTC(2024, 10, 25, 10, 0, 0));
    context = { clock, timings: { ...defaultTimings }, faults: new FaultInjector(), region: 'us-east-1', accountId: '123456789012' };
    databases = new MemoryClusterDatabases({}, clock);
    service = new RedshiftService(context, databases);
    served = await serveRedshift(service);
    client = new RedshiftClient({
      endpoint: served.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 1,
    });
  });

  afterEach(async () => {
    client.destroy();
    await served.close();
  });

  function post(body: string, contentType = 'application/x-www-form-urlencoded; charset=utf-8'): Promise<Response> {
    return fetch(`${served.endpoint}/`, { method: 'POST', headers: { 'Content-Type': contentType }, body });
  }

  function request(method: string, contentType: string): IncomingMessage {
    return { method, headers: { 'content-type': contentType } } as IncomingMessage;
  }

  it('claims only form-encoded POSTs with an Action and Version 2012-12-01', () => {
    const form = 'application/x-www-form-urlencoded; charset=utf-8';
    expect(service.matches(request('POST', form), 'Action=DescribeClusters&Version=2012-12-01')).toBe(true);
    expect(service.matches(request('GET', form), 'Action=DescribeClusters&Version=2012-12-01')).toBe(false);
    expect(service.matches(request('POST', 'application/x-amz-json-1.1'), 'Action=DescribeClusters&Version=2012-12-01')).toBe(false);
    expect(service.matches(request('POST', form), 'Action=DescribeClusters&Version=2011-06-15')).toBe(false);
    expect(service.matches(request('POST', form), 'Version=2012-12-01')).toBe(false);
  });

  it('answers <{Op}Response><{Op}Result> with lists wrapped by their member names and a RequestId', async () => {
    const response = await post('Action=DescribeClusters&Version=2012-12-01');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/xml');
    const xml = await response.text();
    expect(xml).toMatch(
      new RegExp(`^<\\?xml version="1.0" encoding="UTF-8"\\?>\\n<DescribeClustersResponse xmlns="${XMLNS}"><DescribeClustersResult>`),
    );
    expect(xml).toContain('<Clusters><Cluster><ClusterIdentifier>analytics-prod</ClusterIdentifier>');
    expect(xml).toContain('<DeferredMaintenanceWindows></DeferredMaintenanceWindows>');
    expect(xml).toContain('<ClusterCreateTime>2023-10-22T10:00:00.000Z</ClusterCreateTime>');
    const requestId = response.headers.get('x-amzn-requestid');
    expect(xml).toMatch(
      new RegExp(
        `</DescribeClustersResult><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></DescribeClustersResponse>$`,
      ),
    );
  });

  it('writes faults as <ErrorResponse> with Type, Code, Message and escapes the text', async () => {
    const response = await post(`Action=DescribeClusters&Version=2012-12-01&ClusterIdentifier=${encodeURIComponent('a<b>&"c\'')}`);
    expect(response.status).toBe(404);
    const xml = await response.text();
    const requestId = response.headers.get('x-amzn-requestid');
    expect(xml).toBe(
      `<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse xmlns="${XMLNS}"><Error><Type>Sender</Type><Code>ClusterNotFound</Code>` +
        `<Message>Cluster a&lt;b&gt;&amp;&quot;c&apos; not found.</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
    );
    const unknown = await post('Action=CreateCluster&Version=2012-12-01');
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain(
      '<Code>InvalidAction</Code><Message>The action CreateCluster is not valid for this web service.</Message>',
    );
  });

  it('the SDK reads an escaped message back as it was', async () => {
    try {
      await client.send(new DescribeClustersCommand({ ClusterIdentifier: 'x<&>y' }));
      throw new Error('expected ClusterNotFound');
    } catch (error) {
      expect((error as RedshiftServiceException).message).toBe('Cluster x<&>y not found.');
    }
  });

  it('writes injected throttling, internal and named faults in the wire format, per operation and input', async () => {
    context.faults.inject({ service: 'redshift', operation: 'DescribeClusters', fault: { kind: 'throttle' } });
    const throttled = await client.send(new DescribeClustersCommand({})).catch((e: RedshiftServiceException) => e);
    expect(throttled).toBeInstanceOf(RedshiftServiceException);
    expect((throttled as RedshiftServiceException).name).toBe('Throttling');
    expect((throttled as RedshiftServiceException).message).toBe('Rate exceeded');
    expect((throttled as RedshiftServiceException).$metadata.httpStatusCode).toBe(400);
    // The rule counted down: the next call goes through.
    expect((await client.send(new DescribeClustersCommand({}))).Clusters).toHaveLength(1);

    context.faults.inject({ service: 'redshift', operation: 'PauseCluster', fault: { kind: 'internal' } });
    const internal = (await client
      .send(new PauseClusterCommand({ ClusterIdentifier: 'analytics-prod' }))
      .catch((e: unknown) => e)) as RedshiftServiceException;
    expect(internal.name).toBe('InternalFailure');
    expect(internal.$fault).toBe('server');
    expect(internal.$metadata.httpStatusCode).toBe(500);

    context.faults.inject({
      service: 'redshift',
      operation: 'CreateClusterSnapshot',
      fault: { kind: 'named', code: 'ClusterSnapshotQuotaExceeded', message: 'Injected quota fault.' },
      when: (input) => input.SnapshotIdentifier === 'blocked',
    });
    const ok = await client.send(new CreateClusterSnapshotCommand({ SnapshotIdentifier: 'allowed', ClusterIdentifier: 'analytics-prod' }));
    expect(ok.Snapshot?.Status).toBe('creating');
    const named = (await client
      .send(new CreateClusterSnapshotCommand({ SnapshotIdentifier: 'blocked', ClusterIdentifier: 'analytics-prod' }))
      .catch((e: unknown) => e)) as RedshiftServiceException;
    expect(named.name).toBe('ClusterSnapshotQuotaExceededFault');
    expect(named.message).toBe('Injected quota fault.');
  });

  it('creates the seed cluster database and waits for it before answering', async () => {
    expect(databases.has('cluster/analytics-prod')).toBe(true);
    const empty = new RedshiftService(context, new MemoryClusterDatabases(), { seed: false });
    await empty.ready;
    expect(empty.state.liveClusters()).toEqual([]);
  });

  it('answers InternalFailure when the database host could not seed', async () => {
    const broken: ClusterDatabases = {
      create: () => Promise.reject(new Error('PGlite failed to start')),
      drop: () => undefined,
      image: () => Promise.reject(new Error('unused')),
      tableExists: async () => false,
      restoreTable: () => Promise.reject(new Error('unused')),
    };
    const failing = new RedshiftService(context, broken);
    const alone = await serveRedshift(failing);
    try {
      const response = await fetch(`${alone.endpoint}/`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: 'Action=DescribeClusters&Version=2012-12-01',
      });
      expect(response.status).toBe(500);
      const xml = await response.text();
      expect(xml).toContain('<Type>Receiver</Type><Code>InternalFailure</Code>');
      expect(xml).toContain('PGlite failed to start');
    } finally {
      await alone.close();
    }
  });
});

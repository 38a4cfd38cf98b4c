import type { IncomingMessage } from 'node:http';
import {
  CreateClusterSnapshotCommand,
  DescribeClustersCommand,
  PauseClusterCommand,
  RedshiftServiceException,
} from '@aws-sdk/client-redshift';
import { RedshiftService, type ClusterDatabases } from '../../../../src/sandbox/aws/redshift';
import { serveServices } from '../../../../src/sandbox/aws/serve';
import { MemoryDatabases } from '../../../support/memory-databases';
import { startRedshift, type RedshiftHarness } from './redshift-harness';

const XMLNS = 'http://redshift.amazonaws.com/doc/2012-12-01/';

describe('Redshift emulator: the Query protocol on the wire', () => {
  let h: RedshiftHarness;
  beforeEach(async () => {
    h = await startRedshift();
  });
  afterEach(() => h.close());

  function post(body: string, contentType = 'application/x-www-form-urlencoded; charset=utf-8'): Promise<Response> {
    return fetch(`${h.endpoint}/`, { method: 'POST', headers: { 'Content-Type': contentType }, body });
  }

  function request(method: string, contentType: string): IncomingMessage {
    return { method, headers: { 'content-type': contentType } } as IncomingMessage;
  }

  it('claims only form-encoded POSTs with an Action and Version 2012-12-01', () => {
    const form = 'application/x-www-form-urlencoded; charset=utf-8';
    expect(h.service.matches(request('POST', form), 'Action=DescribeClusters&Version=2012-12-01')).toBe(true);
    expect(h.service.matches(request('GET', form), 'Action=DescribeClusters&Version=2012-12-01')).toBe(false);
    expect(h.service.matches(request('POST', 'application/x-amz-json-1.1'), 'Action=DescribeClusters&Version=2012-12-01')).toBe(false);
    expect(h.service.matches(request('POST', form), 'Action=DescribeClusters&Version=2011-06-15')).toBe(false);
    expect(h.service.matches(request('POST', form), 'Version=2012-12-01')).toBe(false);
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
      await h.client.send(new DescribeClustersCommand({ ClusterIdentifier: 'x<&>y' }));
      throw new Error('expected ClusterNotFound');
    } catch (error) {
      expect((error as RedshiftServiceException).message).toBe('Cluster x<&>y not found.');
    }
  });

  it('writes injected throttling, internal and named faults in the wire format, per operation and input', async () => {
    h.context.faults.inject({ service: 'redshift', operation: 'DescribeClusters', fault: { kind: 'throttle' } });
    const throttled = await h.client.send(new DescribeClustersCommand({})).catch((e: RedshiftServiceException) => e);
    expect(throttled).toBeInstanceOf(RedshiftServiceException);
    expect((throttled as RedshiftServiceException).name).toBe('Throttling');
    expect((throttled as RedshiftServiceException).message).toBe('Rate exceeded');
    expect((throttled as RedshiftServiceException).$metadata.httpStatusCode).toBe(400);
    // The rule counted down: the next call goes through.
    expect((await h.client.send(new DescribeClustersCommand({}))).Clusters).toHaveLength(1);

    h.context.faults.inject({ service: 'redshift', operation: 'PauseCluster', fault: { kind: 'internal' } });
    const internal = (await h.client
      .send(new PauseClusterCommand({ ClusterIdentifier: 'analytics-prod' }))
      .catch((e: unknown) => e)) as RedshiftServiceException;
    expect(internal.name).toBe('InternalFailure');
    expect(internal.$fault).toBe('server');
    expect(internal.$metadata.httpStatusCode).toBe(500);

    h.context.faults.inject({
      service: 'redshift',
      operation: 'CreateClusterSnapshot',
      fault: { kind: 'named', code: 'ClusterSnapshotQuotaExceeded', message: 'Injected quota fault.' },
      when: (input) => input.SnapshotIdentifier === 'blocked',
    });
    const ok = await h.client.send(new CreateClusterSnapshotCommand({ SnapshotIdentifier: 'allowed', ClusterIdentifier: 'analytics-prod' }));
    expect(ok.Snapshot?.Status).toBe('creating');
    const named = (await h.client
      .send(new CreateClusterSnapshotCommand({ SnapshotIdentifier: 'blocked', ClusterIdentifier: 'analytics-prod' }))
      .catch((e: unknown) => e)) as RedshiftServiceException;
    expect(named.name).toBe('ClusterSnapshotQuotaExceededFault');
    expect(named.message).toBe('Injected quota fault.');
  });

  it('creates the seed cluster database and waits for it before answering', async () => {
    expect(h.databases.has('cluster/analytics-prod')).toBe(true);
    const empty = new RedshiftService(h.context, new MemoryDatabases(), { seed: false });
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
      restoreWhole: () => Promise.reject(new Error('unused')),
    };
    const failing = new RedshiftService(h.context, broken);
    const alone = await serveServices([failing]);
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

import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { DescribeClustersCommand, RedshiftClient } from '@aws-sdk/client-redshift';
import { GetWorkgroupCommand, RedshiftServerlessClient } from '@aws-sdk/client-redshift-serverless';

const root = join(__dirname, '..', '..');

describe('npm run emulator', () => {
  test('serves the standard seed on EMULATOR_PORT to any SDK client, and stops on SIGTERM', async () => {
    const port = String(20000 + Math.floor(Math.random() * 20000));
    const child = spawn(join(root, 'node_modules', '.bin', 'tsx'), ['src/runtime/emulator.ts'], {
      cwd: root,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, EMULATOR_PORT: port },
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', () => output.includes('AWS_ENDPOINT_URL=') && resolve());
      void exited.then(() => reject(new Error(`emulator exited: ${output}`)));
    });
    const endpoint = `http://127.0.0.1:${port}`;
    expect(output).toContain(`AWS emulator listening on ${endpoint}`);

    const settings = { endpoint, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } };
    const redshift = new RedshiftClient(settings);
    const serverless = new RedshiftServerlessClient(settings);
    const { Clusters } = await redshift.send(new DescribeClustersCommand({}));
    expect(Clusters?.map((cluster) => [cluster.ClusterIdentifier, cluster.NodeType, cluster.NumberOfNodes])).toEqual([['analytics-prod', 'ra3.xlplus', 2]]);
    const { workgroup } = await serverless.send(new GetWorkgroupCommand({ workgroupName: 'lake' }));
    expect(workgroup?.baseCapacity).toBe(32);
    redshift.destroy();
    serverless.destroy();

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 60_000);
});

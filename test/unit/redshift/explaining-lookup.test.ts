import { ThrottlingException } from '@aws-sdk/client-redshift-serverless';
import { AwsOperationError, awsCall, explainingLookup } from '../../../src/redshift/errors';

describe('explainingLookup', () => {
  it('gives the lookup its answer, undefined ("not found") included', async () => {
    await expect(explainingLookup(async () => 'paused')).resolves.toBe('paused');
    await expect(explainingLookup(async () => undefined)).resolves.toBeUndefined();
  });

  it('gives undefined when AWS refuses the lookup, so the first error is reported as it stands', async () => {
    const refused = () =>
      awsCall('GetNamespace', () =>
        Promise.reject(new ThrottlingException({ message: 'Rate exceeded', $metadata: { httpStatusCode: 400 } })),
      );
    await expect(refused()).rejects.toBeInstanceOf(AwsOperationError);
    await expect(explainingLookup(refused)).resolves.toBeUndefined();
  });

  it('lets an error that is not an AWS fault through', async () => {
    const broken = async (): Promise<string> => {
      throw new TypeError('snapshot.status is not a function');
    };
    await expect(explainingLookup(broken)).rejects.toThrow(TypeError);
  });
});

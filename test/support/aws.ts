import type { ChatopsConfig } from '../../src/config/chatops';
import type { AwsClientSettings } from '../../src/redshift/clients';
import { lazyAws, type AwsPorts } from '../../src/runtime/aws';

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

/** How the tests' AWS clients reach the emulator. */
export function emulatorSettings(endpoint: string): AwsClientSettings {
  return { endpoint, region: 'us-east-1', credentials, maxAttempts: 1 };
}

/** The production AWS ports pointed at the emulator. */
export function emulatorAws(config: ChatopsConfig, endpoint: string): AwsPorts {
  return lazyAws(config, emulatorSettings(endpoint));
}

/** For tests that must not reach AWS: the same ports, pointed at a closed local port, so any call fails loudly. */
export function offlineAws(config: ChatopsConfig): AwsPorts {
  return emulatorAws(config, 'http://127.0.0.1:9');
}

/** The Slack stand-in: a fake Web API for the app to call, and a fake Slack to call the app. */
export * from './server';
export * from './seed';
export * from './signing';
export * from './payloads';
export * from './client';
export * from './blocks';
export * from './view-values';
export type { RecordedCall, StoredMessage, EphemeralMessage, ResponseUrlTarget, CallListener } from './types';
export type { SlackMessages } from './message-store';
export type { SlackViews } from './view-store';
export type { JsonObject, JsonValue } from './json';

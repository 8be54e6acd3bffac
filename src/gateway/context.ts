import type { ServerResponse } from 'node:http';
import type { ResponseStore } from './store.ts';
import type { Settings } from './types.ts';

/** What a /responses route handler gets: the request, already read and checked for auth and provider. */
export interface RouteContext {
  res: ServerResponse;
  /** The parsed JSON body, or undefined when it was empty or not JSON. */
  body: unknown;
  rawBody: string;
  query: URLSearchParams;
  provider: string;
  settings: Settings;
  store: ResponseStore;
  /** Aborted when the client disconnects, so slow work stops. */
  signal: AbortSignal;
}

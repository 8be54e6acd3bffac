import type { IncomingMessage, ServerResponse } from 'node:http';
import type { BatchStore } from './batch-store.ts';
import type { FileStore } from './file-store.ts';
import type { ResponseStore } from './store.ts';
import type { Settings } from './types.ts';

/** What a route handler gets: the request, already read and checked for auth and provider. */
export interface RouteContext {
  /** The request; its body is already read, except for a file upload, which reads it as a stream. */
  req: IncomingMessage;
  res: ServerResponse;
  /** The parsed JSON body, or undefined when it was empty or not JSON. */
  body: unknown;
  rawBody: string;
  query: URLSearchParams;
  provider: string;
  settings: Settings;
  store: ResponseStore;
  files: FileStore;
  batches: BatchStore;
  /** Aborted when the client disconnects, so slow work stops. */
  signal: AbortSignal;
}

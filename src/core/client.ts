// Builds the one openai client a command uses, from resolved settings.
import OpenAI from 'openai';
import type { Connection } from './settings.ts';

export const PROVIDER_HEADER = 'x-tfy-provider-name';

export interface ClientOptions {
  connection: Connection;
  apiKey: string;
  provider?: string | undefined;
  headers?: Record<string, string> | undefined;
  timeoutMs?: number | undefined;
  maxRetries?: number | undefined;
  fetch?: typeof fetch | undefined;
}

export function createClient(options: ClientOptions): OpenAI {
  const headers: Record<string, string> = { ...options.headers };
  if (options.provider) headers[PROVIDER_HEADER] = options.provider;
  return new OpenAI({
    apiKey: options.apiKey,
    baseURL: options.connection.baseURL,
    // Never pick up OPENAI_ORG_ID / OPENAI_PROJECT_ID from the environment: this is not api.openai.com.
    organization: null,
    project: null,
    defaultHeaders: headers,
    maxRetries: options.maxRetries ?? 2,
    logLevel: 'off',
    ...(options.timeoutMs === undefined ? {} : { timeout: options.timeoutMs }),
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
  });
}

// What every command shares: the common flags, and turning them into a ready client.
import type OpenAI from 'openai';
import { resolveApiKey } from '../core/api-key.ts';
import { createClient } from '../core/client.ts';
import { dryRunFetch, dryRunOf } from '../core/dry-run.ts';
import { CliError, toCliError } from '../core/errors.ts';
import { scrub } from '../core/redact.ts';
import type { Deps } from '../core/io.ts';
import type { Prompter } from '../core/prompt.ts';
import { resolveSettings, type Connection, type ProfileReader, type Settings } from '../core/settings.ts';
import { tfyMetadataHeaders } from '../core/tfy-metadata.ts';

export interface CommonOptions {
  profile?: string;
  baseUrl?: string;
  provider?: string;
  header?: string[];
  tfyMetadata?: string[];
  dryRun?: boolean;
  json?: boolean;
  /** Commander's --no-color sets this to false. */
  color?: boolean;
  timeout?: number;
  maxRetries?: number;
  verbose?: boolean;
}

export interface CommandDeps extends Deps {
  /** The profile store; absent where no config exists yet. */
  profiles?: ProfileReader | undefined;
  /** Asks questions on a terminal; tests pass their own answers. */
  prompt?: Prompter | undefined;
}

export function settingsFor(opts: CommonOptions & { model?: string }, deps: CommandDeps): Settings {
  return resolveSettings(
    { profile: opts.profile, baseUrl: opts.baseUrl, provider: opts.provider, model: opts.model, header: opts.header },
    deps.io.env,
    deps.profiles,
  );
}

export interface Connected {
  client: OpenAI;
  baseURL: string;
  timeoutMs: number | undefined;
  /** Values that must never reach the output. */
  secrets: string[];
  /** Awaits a request, turning any failure into a CliError that names the gateway and never the key. */
  guard<T>(request: Promise<T>): Promise<T>;
}

/** `connection` comes from requireConnection, called before any other check so config errors come first. */
export async function connect(
  connection: Connection,
  settings: Settings,
  provider: string | undefined,
  opts: CommonOptions,
): Promise<Connected> {
  const headers = { ...settings.headers, ...tfyMetadataHeaders(opts.tfyMetadata, settings.headers) };
  const apiKey = await resolveApiKey(connection.key);
  const timeoutMs = opts.timeout === undefined ? undefined : Math.round(opts.timeout * 1000);
  const client = createClient({
    connection,
    apiKey,
    provider,
    headers,
    timeoutMs,
    // --dry-run: the SDK builds the request as always and hands it to a fetch that prints it instead.
    maxRetries: opts.dryRun ? 0 : opts.maxRetries,
    fetch: opts.dryRun ? dryRunFetch({ json: opts.json === true, secrets: [apiKey] }) : undefined,
  });
  const context = { baseURL: connection.baseURL, timeoutMs };
  const guard = async <T,>(request: Promise<T>): Promise<T> => {
    try {
      return await request;
    } catch (err) {
      throw dryRunOf(err) ?? scrubError(toCliError(err, context), [apiKey]);
    }
  };
  return { client, baseURL: connection.baseURL, timeoutMs, secrets: [apiKey], guard };
}

function scrubError(err: CliError, secrets: string[]): CliError {
  const message = scrub(err.message, secrets);
  if (message === err.message) return err;
  return new CliError(message, {
    exitCode: err.exitCode,
    hint: err.hint,
    type: err.type,
    status: err.status,
    requestId: err.requestId,
  });
}

// The start shared by batch status, results and cancel: settings, the job or batch named, resolved
// before anything is sent, and a client routed to its provider.
import { requireConnection, type Settings } from '../config/settings.ts';
import { connect, settingsFor, type Connected } from '../http/connect.ts';
import type { CommonOptions } from '../spec/common.ts';
import type { CommandDeps } from '../spec/deps.ts';
import { fetchBatch } from './poll.ts';
import type { BatchView } from './objects.ts';
import { resolveJobTarget, type JobTarget } from './job-target.ts';

export interface OpenJob {
  settings: Settings;
  target: JobTarget;
  connected: Connected;
}

export async function openJob(raw: unknown, opts: CommonOptions, deps: CommandDeps): Promise<OpenJob> {
  const settings = settingsFor(opts, deps);
  const connection = requireConnection(settings);
  const target = await resolveJobTarget(typeof raw === 'string' ? raw : undefined, settings, deps.io.env, opts.provider);
  const connected = await connect(connection, settings, target.provider, opts, deps);
  return { settings, target, connected };
}

/** One look at every part that has a batch, in part order (undefined where none was created). */
export async function lookAtParts(open: OpenJob, signal: AbortSignal | undefined): Promise<({ batch: BatchView; raw: unknown } | undefined)[]> {
  const seen: ({ batch: BatchView; raw: unknown } | undefined)[] = [];
  for (const id of open.target.batchIds) seen.push(id === null ? undefined : await fetchBatch(open.connected, id, signal));
  return seen;
}

// The start shared by the commands that act on one stored response (retrieve, cancel, input-items):
// the id or `last` resolved before anything is sent, its provider found, a client ready for it.
import { requireConnection } from '../config/settings.ts';
import { connect, settingsFor, type Connected } from '../http/connect.ts';
import type { CommonOptions } from '../spec/common.ts';
import type { CommandDeps } from '../spec/deps.ts';
import { openHistory, type LocalHistory } from './local.ts';
import { resolveTargets, type Target } from './targets.ts';

export interface StoredTarget extends Connected {
  target: Target;
  history: LocalHistory;
  /** deps.now() just before the client was made, for the footer's time. */
  started: number;
}

export async function openStoredTarget(rawId: unknown, opts: CommonOptions, deps: CommandDeps): Promise<StoredTarget> {
  const settings = settingsFor(opts, deps);
  const connection = requireConnection(settings);
  const history = openHistory(opts, deps);
  const [target] = (await resolveTargets([String(rawId ?? '')], settings, history, connection.baseURL)) as [Target];
  const started = deps.now();
  const connected = await connect(connection, settings, target.provider, opts, deps);
  return { ...connected, target, history, started };
}

// What create does with stored responses: continue one (--previous, --continue), note the new one
// in the history, and wait for a background one (--wait).
import type { GatewayClient } from '../http/client.ts';
import { UsageError } from '../errors/errors.ts';
import { parseResponseRef } from '../request/response-id.ts';
import type { Settings } from '../config/settings.ts';
import { fetchStored, isPending, waitForResponse, type Guard, type Polled } from '../http/wait.ts';
import type { CommonOptions } from '../spec/common.ts';
import type { CommandDeps } from '../spec/deps.ts';
import { openHistory, type CreatedFacts } from './local.ts';
import { resolveLast } from './targets.ts';
import { note, waitingNotice } from '../terminal/notices.ts';

export interface FollowUpOptions extends CommonOptions {
  previous?: string | undefined;
  continue?: boolean | undefined;
  wait?: boolean | undefined;
}

/**
 * `previous_response_id` for the body, checked before anything is sent. An explicit id costs no
 * read; `last` and --continue read the history from its end until they find this profile's newest.
 */
export async function previousResponse(opts: FollowUpOptions, settings: Settings, deps: CommandDeps): Promise<{ previous_response_id?: string }> {
  if (opts.continue && opts.previous !== undefined) {
    throw new UsageError('--continue and --previous both name the response to follow; give one', {
      hint: '--continue is the same as --previous last',
    });
  }
  const raw = opts.continue ? 'last' : opts.previous;
  if (raw === undefined) return {};
  const ref = parseResponseRef(raw);
  if (ref.kind === 'id') return { previous_response_id: ref.id };
  const entry = await resolveLast(settings, openHistory(opts, deps), opts.continue ? '--continue' : 'last');
  return { previous_response_id: entry.id };
}

export interface CreatedContext extends CreatedFacts {
  client: GatewayClient;
  guard: Guard;
}

/** Records the new response, then (with --wait) polls a background one to its end and records that too. */
export async function afterCreate(created: Polled, context: CreatedContext, opts: FollowUpOptions, deps: CommandDeps): Promise<Polled> {
  const history = openHistory(opts, deps);
  await history.recordCreated(created.response, { ...context, resolvedModel: created.resolvedModel });
  const id = created.response.id;
  if (!id || !isPending(created.response)) return created;
  if (!opts.wait) {
    // A hint for a person at a terminal; a script reads the id and status from stdout.
    if (!opts.json && deps.io.stderr.isTTY) note(deps, `${id} is ${created.response.status ?? 'pending'}; get it when done with: tfy-llm retrieve ${id} --wait`);
    return created;
  }
  const poll = () => fetchStored(context.client, context.guard, id, deps.signal);
  const deadline = { deadline: context.client.commandDeadline, timeoutMs: context.client.deadlineMs };
  const done = await waitForResponse(created, poll, { signal: deps.signal, ...deadline, onWait: waitingNotice(id, opts, deps) });
  await history.noteStatus({ id, status: created.response.status ?? '' }, done.response.status, { response: done.response, secrets: context.secrets });
  return done;
}

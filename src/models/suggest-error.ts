// A model or provider the gateway does not know: the hint names the nearest models it lists.
import { CliError } from '../errors/errors.ts';
import { MODEL_HINT } from '../http/api-errors.ts';
import type { Settings } from '../config/settings.ts';
import type { CommandDeps } from '../spec/deps.ts';
import type { CommonOptions } from '../spec/common.ts';
import { loadModels } from './load.ts';
import { fullId } from './list.ts';
import { closest } from './suggest.ts';

/** The longest the look-up of names may add to a failed command. */
const LOOKUP_SECONDS = 2;

/** `err` itself, or a copy whose hint says `did you mean …?`; never fails on its own account. */
export async function withModelSuggestions(err: unknown, model: string, settings: Settings, opts: CommonOptions, deps: CommandDeps): Promise<unknown> {
  if (!(err instanceof CliError) || err.hint !== MODEL_HINT || opts.dryRun) return err;
  let names: string[];
  try {
    const quiet: CommonOptions = { ...opts, timeout: LOOKUP_SECONDS, maxRetries: 0, verbose: false };
    const loaded = await loadModels(settings, quiet, deps);
    names = loaded?.list.data.map(fullId) ?? [];
  } catch {
    return err;
  }
  const near = closest(model, names);
  if (near.length === 0) return err;
  const [first, ...others] = near;
  const also = others.length ? `or ${others.join(', ')}; ` : '';
  return new CliError(err.message, {
    exitCode: err.exitCode,
    type: err.type,
    status: err.status,
    requestId: err.requestId,
    detail: err.detail,
    cause: err.cause,
    hint: `did you mean ${first}? (${also}tfy-llm models lists them)`,
  });
}

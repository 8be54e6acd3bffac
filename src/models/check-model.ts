// `config set model`: is the name one the gateway lists? A warning either way, never a refusal:
// the gateway may be out of reach from here, or list less than it routes.
import { resolveSettings, routeModel } from '../config/settings.ts';
import type { CommandDeps } from '../spec/deps.ts';
import type { Warn } from '../terminal/notices.ts';
import { forTerminal } from '../terminal/safe-text.ts';
import { loadModels } from './load.ts';
import { fullId } from './list.ts';
import { closest } from './suggest.ts';

/** The longest `config set model` waits for the list. */
const CHECK_SECONDS = 5;

export async function warnIfNotListed(profile: string, model: string, deps: CommandDeps, warn: Warn): Promise<void> {
  // The settings a `create -p <profile>` would use, with the new model: flags none, then env, then the profile.
  const settings = resolveSettings({ profile, model }, deps.io.env, deps.profiles);
  let ids: string[];
  try {
    const loaded = await loadModels(settings, { timeout: CHECK_SECONDS, maxRetries: 0 }, deps);
    ids = loaded?.list.data.map(fullId) ?? [];
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    warn(`could not check ${forTerminal(model)} against the gateway's models (${forTerminal(reason)}); saved it as given`);
    return;
  }
  if (ids.length === 0) return;
  const { model: routed } = routeModel(settings, undefined);
  if (ids.includes(routed) || ids.includes(model)) return;
  const near = closest(routed, ids);
  const suggestion = near.length ? `; did you mean ${near.join(', ')}?` : '';
  warn(`the gateway does not list ${forTerminal(routed)}${suggestion} (saved it anyway; tfy-llm models lists them)`);
}

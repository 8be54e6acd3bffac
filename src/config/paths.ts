// Where tfy-llm keeps its files: the config file and, beside it, the history.
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Env } from '../terminal/io.ts';

/** $TFY_LLM_CONFIG_DIR, else the platform's config folder for tfy-llm (XDG on Linux). */
export function configDir(env: Env, platform: NodeJS.Platform = process.platform): string {
  if (env.TFY_LLM_CONFIG_DIR) return env.TFY_LLM_CONFIG_DIR;
  const home = env.HOME || homedir();
  if (platform === 'darwin') return join(home, 'Library', 'Preferences', 'tfy-llm');
  if (platform === 'win32') return join(env.APPDATA || join(home, 'AppData', 'Roaming'), 'tfy-llm', 'Config');
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), 'tfy-llm');
}

/**
 * Where tfy-llm keeps what it can make again (the model list cache): $TFY_LLM_STATE_DIR, else beside the
 * config when $TFY_LLM_CONFIG_DIR is set (a sandboxed setup stays in one folder), else the XDG state folder.
 */
export function stateDir(env: Env, platform: NodeJS.Platform = process.platform): string {
  if (env.TFY_LLM_STATE_DIR) return env.TFY_LLM_STATE_DIR;
  if (env.TFY_LLM_CONFIG_DIR) return join(env.TFY_LLM_CONFIG_DIR, 'state');
  const home = env.HOME || homedir();
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'tfy-llm');
  if (platform === 'win32') return join(env.LOCALAPPDATA || join(home, 'AppData', 'Local'), 'tfy-llm', 'State');
  return join(env.XDG_STATE_HOME || join(home, '.local', 'state'), 'tfy-llm');
}

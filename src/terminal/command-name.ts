// How the person at this shell can run tfy-llm again: `tfy-llm` when it is on their PATH, else
// `npx tfy-llm` (after the quick start's `npm ci && npm run demo` nothing is linked yet, and npx finds
// the clone's own bin). Suggestions must be commands that work as printed.
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { Env } from './io.ts';

export function commandName(env: Env): string {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    try {
      accessSync(join(dir, 'tfy-llm'), constants.X_OK);
      return 'tfy-llm';
    } catch {
      // not in this folder
    }
  }
  return 'npx tfy-llm';
}

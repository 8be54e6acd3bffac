// --resume and --continue: a stored response lives with the provider that made it, so following one
// through another provider cannot work; said before the first turn rather than as the gateway's 400.
import { UsageError } from '../errors/errors.ts';
import type { OnCorrupt } from '../history/read.ts';
import { findById } from '../history/read.ts';
import { forTerminal } from '../terminal/safe-text.ts';
import type { Route } from './session.ts';

export async function checkResumeProvider(id: string, route: Route, historyPath: string, onCorrupt: OnCorrupt): Promise<void> {
  const entry = await findById(historyPath, id, onCorrupt).catch(() => undefined);
  if (!entry?.provider || !route.provider || entry.provider === route.provider) return;
  const made = forTerminal(entry.provider);
  throw new UsageError(`${id} was made through provider ${made}, but this chat would go through ${forTerminal(route.provider)}, which cannot see it`, {
    hint: `pass -m ${made}/<model> (or --provider ${made})`,
  });
}

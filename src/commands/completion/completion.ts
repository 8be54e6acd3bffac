// tfy-llm completion <bash|zsh|fish>: prints a completion script read off the program's own commands and flags.
import { bashScript, fishScript, zshScript } from '../../completion/scripts.ts';
import { UsageError } from '../../errors/errors.ts';
import type { CommandDeps } from '../../spec/deps.ts';
import { checkOptions } from '../../spec/check.ts';
import type { ArgsOf, RawOptionsOf } from '../../spec/define.ts';
import { spec } from './spec.ts';

const SHELLS = { bash: bashScript, zsh: zshScript, fish: fishScript } as const;

export async function execute([shell]: ArgsOf<typeof spec>, given: RawOptionsOf<typeof spec>, deps: CommandDeps): Promise<number> {
  const opts = checkOptions(spec, given);
  if (opts.listProfiles || opts.listIds || opts.listModels) {
    // Called by the scripts at completion time: one word a line; nothing at all on any trouble.
    try {
      const { listIds, listModels } = await import('../../completion/lists.ts');
      const profile = opts.forProfile?.trim() || undefined;
      const words = opts.listProfiles ? (deps.profiles?.names?.() ?? []) : opts.listIds ? await listIds(deps) : await listModels(profile, deps);
      if (words.length) deps.io.stdout.write(`${words.join('\n')}\n`);
    } catch {
      // A broken config, history or gateway must not spill errors into the user's prompt.
    }
    return 0;
  }
  if (typeof shell !== 'string' || !(shell in SHELLS)) throw new UsageError('name a shell: bash, zsh or fish');
  if (!deps.describeCommands) throw new UsageError('completion scripts are made by the tfy-llm command itself');
  const specs = await deps.describeCommands();
  deps.io.stdout.write(SHELLS[shell as keyof typeof SHELLS](specs));
  return 0;
}

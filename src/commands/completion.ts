// tfy-llm completion <bash|zsh|fish>: prints a completion script read off the program's own commands and flags.
import { describeCommands } from '../completion/model.ts';
import { bashScript, fishScript, zshScript } from '../completion/scripts.ts';
import { UsageError } from '../errors/errors.ts';
import { buildProgram } from '../program/program.ts';
import type { CommandDeps } from '../http/connect.ts';

const SHELLS = { bash: bashScript, zsh: zshScript, fish: fishScript } as const;

export async function execute(args: unknown[], opts: { listProfiles?: boolean }, deps: CommandDeps): Promise<number> {
  if (opts.listProfiles) {
    // Called by the scripts at completion time: profile names, one a line; nothing at all on any trouble.
    try {
      for (const name of deps.profiles?.names?.() ?? []) deps.io.stdout.write(`${name}\n`);
    } catch {
      // A broken config must not spill errors into the user's prompt.
    }
    return 0;
  }
  const shell = args[0];
  if (typeof shell !== 'string' || !(shell in SHELLS)) throw new UsageError('name a shell: bash, zsh or fish');
  const specs = describeCommands(buildProgram(async () => {}));
  deps.io.stdout.write(SHELLS[shell as keyof typeof SHELLS](specs));
  return 0;
}

// What a command gets besides its arguments and options: the streams, clock and signal (terminal/io.ts),
// the profile store, the prompts, and what it needs of the program without importing it.
import type { CommandSpec } from '../completion/model.ts';
import type { ProfileReader } from '../config/settings.ts';
import type { Deps } from '../terminal/io.ts';
import type { Prompter } from '../terminal/prompt.ts';

export interface CommandDeps extends Deps {
  /** The profile store; absent where no config exists yet. */
  profiles?: ProfileReader | undefined;
  /** Asks questions on a terminal; tests pass their own answers. */
  prompt?: Prompter | undefined;
  /** Runs a whole command line in this process (the demo runs real commands against its gateway). */
  runCli?: ((argv: readonly string[], deps: CommandDeps) => Promise<number>) | undefined;
  /** Every command and its flags, as completion scripts need them (read off the whole program). */
  describeCommands?: (() => Promise<CommandSpec[]>) | undefined;
  /** The command line as given (batch run repeats it to say how to resume). */
  argv?: readonly string[] | undefined;
}

// tfy-llm completion <bash|zsh|fish>: its flags.
import * as z from 'zod/mini';
import { arg, defineCommand, option } from '../../spec/define.ts';

export const SHELL_NAMES = ['bash', 'zsh', 'fish'] as const;

export const spec = defineCommand({
  name: 'completion',
  description: 'print a shell completion script',
  args: [arg('[shell]', 'the shell to complete for', SHELL_NAMES)],
  options: {
    listProfiles: option('--list-profiles', 'profile names, for the completion scripts', z.optional(z.boolean()), { hidden: true }),
    listIds: option('--list-ids', '"last" and recent response ids from the history, for the completion scripts', z.optional(z.boolean()), { hidden: true }),
    listModels: option('--list-models', 'the models of the cached list (asked for, 1 s at most, when there is none), for the scripts', z.optional(z.boolean()), { hidden: true }),
    forProfile: option('--for-profile <name>', 'the profile named on the command line being completed', z.optional(z.string()), { hidden: true }),
  },
  help: `
Examples:
  $ source <(tfy-llm completion bash)          # this shell only
  $ mkdir -p ~/.local/share/bash-completion/completions && tfy-llm completion bash > ~/.local/share/bash-completion/completions/tfy-llm
  $ mkdir -p ~/.zfunc && tfy-llm completion zsh > ~/.zfunc/_tfy-llm    # ~/.zshrc: fpath+=~/.zfunc before compinit
  $ mkdir -p ~/.config/fish/completions && tfy-llm completion fish > ~/.config/fish/completions/tfy-llm.fish

Completes commands, flags, their choices, files after -i/-f, profile names (read from the config each time),
models after -m (from the list tfy-llm models caches), "last" and recent ids, and setting names after config set.`,
});

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
  },
  help: `
Examples:
  $ source <(tfy-llm completion bash)          # this shell only
  $ mkdir -p ~/.local/share/bash-completion/completions && tfy-llm completion bash > ~/.local/share/bash-completion/completions/tfy-llm
  $ mkdir -p ~/.zfunc && tfy-llm completion zsh > ~/.zfunc/_tfy-llm    # ~/.zshrc: fpath+=~/.zfunc before compinit
  $ mkdir -p ~/.config/fish/completions && tfy-llm completion fish > ~/.config/fish/completions/tfy-llm.fish

Completes commands, flags, their choices, files after -i/-f, and profile names (read from the config each time).`,
});

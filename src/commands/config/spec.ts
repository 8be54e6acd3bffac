// tfy-llm config …: the group and each subcommand's flags.
import * as z from 'zod/mini';
import { common } from '../../spec/common.ts';
import { arg, defineCommand, option, parsedOption, requiredOption } from '../../spec/define.ts';
import { examples } from '../../spec/help.ts';
import { collect } from '../../spec/parsers.ts';
import { PROFILE_KEY_HELP } from '../../config/keys.ts';

const text = z.optional(z.string());
const flag = z.optional(z.boolean());
const profile = option('-p, --profile <name>', 'change this profile instead of the active one', text);

/** `config` itself: bare, it is `config init`. */
export const group = defineCommand({
  name: 'config',
  description: 'profiles: gateway URL, API key, default provider and model',
  args: [],
  options: common('color'),
  help: `
Examples:
  $ tfy-llm config                      # guided setup on a terminal (same as config init)
  $ printf '%s\\n' "$TFY_API_KEY" | tfy-llm config add prod --base-url https://gateway.truefoundry.ai --api-key-stdin --provider openai-main --model gpt-4o
  $ tfy-llm config add dev --base-url https://tfy.dev.example.com/api/llm --api-key-command "pass show tfy/dev" --provider openai-dev --use
  $ tfy-llm config list
  $ tfy-llm create "hello" -p prod       # prod, just this once
  $ tfy-llm config use prod              # prod from now on
  $ tfy-llm config show --json | jq -r '.provider.value'
  $ tfy-llm config set model gpt-4o-mini -p dev
  $ printf '%s\\n' "$TFY_API_KEY" | tfy-llm config set api-key -p prod    # on a terminal: a masked prompt

The file is $TFY_LLM_CONFIG_DIR/config.json, else ~/.config/tfy-llm/config.json (mode 0600).
Settings: ${PROFILE_KEY_HELP}; and history (on|off) for the machine.`,
});

export const init = defineCommand({
  name: 'config init',
  description: 'guided setup on a terminal; makes the profile active (also: bare `tfy-llm config`)',
  args: [arg('[name]', 'profile name (asked when not given)')],
  options: common('color'),
  help: `
Examples:
  $ tfy-llm config init                 # asks for the gateway URL, the key (masked), provider and model, then tests them
  $ tfy-llm config init prod-eu         # the same, for a profile named prod-eu

Needs a terminal; in a script, use tfy-llm config add (this command prints the one to run).`,
});

export const add = defineCommand({
  name: 'config add',
  description: 'add a profile without questions (for scripts and CI)',
  args: [arg('<name>', 'profile name, e.g. dev or prod')],
  options: {
    baseUrl: requiredOption('--base-url <url>', "the gateway's OpenAI-compatible root URL", z.string()),
    provider: option('--provider <name>', 'default provider (x-tfy-provider-name)', text),
    model: option('-m, --model <id>', 'default model; without "/" the provider is put in front', text),
    apiKeyStdin: option('--api-key-stdin', 'read the API key from stdin (first line)', flag),
    apiKeyCommand: option('--api-key-command <command>', 'a shell command that prints the key, run only when a request needs it', text),
    header: parsedOption('-H, --header <"Name: value">', 'extra request header (repeatable)', collect, z.optional(z.array(z.string()))),
    use: option('--use', 'make it the active profile', flag),
    force: option('--force', 'replace a profile of the same name', flag),
  },
  help: `
Examples:
  $ printf '%s\\n' "$TFY_API_KEY" | tfy-llm config add staging --base-url https://tfy.staging.example.com/api/llm --api-key-stdin --provider openai-main
  $ tfy-llm config add ci --base-url https://gateway.truefoundry.ai --api-key-command 'printenv TFY_CI_KEY' -H "X-Team: search"
  $ echo tfy-demo-key | tfy-llm config add demo --base-url http://127.0.0.1:4321/api/llm --api-key-stdin -m my-openai/gpt-4o --use

The key never goes on the command line: --api-key-stdin reads it from a pipe, --api-key-command runs a
command (pass, op read, vault …) each time a request needs it.`,
});

export const list = defineCommand({
  name: 'config list',
  aliases: ['ls'],
  description: 'list the profiles; * marks the active one',
  args: [],
  options: { json: option('--json', 'print them as JSON', flag) },
  help: `
Examples:
  $ tfy-llm config list
  $ tfy-llm config list --json | jq -r '.[] | select(.active) | .name'`,
});

export const show = defineCommand({
  name: 'config show',
  description: 'every resolved setting and where it came from (flag, env, profile); the key masked',
  args: [arg('[name]', 'the profile to show (default: the active one)')],
  options: {
    model: option('-m, --model <id>', 'model, to see how it resolves', text),
    ...common('profile', 'baseUrl', 'provider', 'header', 'json', 'color'),
  },
  help: `
Examples:
  $ tfy-llm config show
  $ tfy-llm config show prod --json | jq -r '."base-url".value'
  $ TFY_LLM_MODEL=my-openai/gpt-4o-mini tfy-llm config show    # model now comes from env`,
});

export const use = defineCommand({
  name: 'config use',
  description: 'make a profile the active one',
  args: [arg('<name>')],
  options: {},
  help: examples('tfy-llm config use prod', 'tfy-llm config use dev && tfy-llm config list'),
});

export const remove = defineCommand({
  name: 'config remove',
  aliases: ['rm'],
  description: 'delete a profile',
  args: [arg('<name>')],
  options: {},
  help: examples('tfy-llm config remove staging'),
});

export const path = defineCommand({
  name: 'config path',
  description: "print the config file's path",
  args: [],
  options: {},
  help: examples('tfy-llm config path', 'ls -l "$(tfy-llm config path)"        # private: -rw-------'),
});

export const set = defineCommand({
  name: 'config set',
  description: 'set one setting of the active (or --profile) profile; api-key is read from stdin or a masked prompt',
  args: [
    arg('<key>', `${PROFILE_KEY_HELP.replace(/, (?=[^,]*$)/, ', ')}, or history`),
    arg('[value]', 'the value (none for api-key); headers take "Name: value"; history takes on|off'),
  ],
  options: { profile },
  help: `
Examples:
  $ tfy-llm config set provider openai-main
  $ tfy-llm config set headers "X-Team: search" -p dev
  $ printf '%s\\n' "$TFY_API_KEY" | tfy-llm config set api-key -p prod    # on a terminal: a masked prompt
  $ tfy-llm config set api-key-command "pass show tfy/dev" -p dev
  $ tfy-llm config set history off        # for the whole machine: stop recording responses`,
});

export const get = defineCommand({
  name: 'config get',
  description: 'print one stored setting (api-key only masked)',
  args: [arg('<key>')],
  options: { profile },
  help: examples('tfy-llm config get provider', 'tfy-llm config get api-key -p prod     # masked, always'),
});

export const unset = defineCommand({
  name: 'config unset',
  description: 'remove one setting of a profile (or one header), or reset history',
  args: [arg('<key>'), arg('[header]', 'with headers: remove only this header')],
  options: { profile },
  help: examples('tfy-llm config unset headers X-Team -p dev', 'tfy-llm config unset model -p dev', 'tfy-llm config unset history     # back to recording'),
});

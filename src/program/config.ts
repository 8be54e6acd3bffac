// Commander wiring for `config …` and `doctor`: names, flags, help text and examples. No behaviour.
import { Command, Option } from 'commander';
import { collect } from './parsers.ts';
import { action, withCommonOptions, type Invoke } from './program.ts';

type Load = () => Promise<unknown>;

export function addConfigCommands(program: Command, invoke: Invoke): void {
  const run = (load: Load) => action(invoke, load);
  const config = program
    .command('config')
    .description('profiles: gateway URL, API key, default provider and model')
    .addHelpText('after', `
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
Settings: base-url, api-key, api-key-command, provider, model, headers; and history (on|off) for the machine.`);

  const init = () => import('../commands/config/init.ts');
  // Bare `config` is `config init`; `config <typo>` stays an error rather than a profile named like the typo.
  config
    .option('--no-color', 'no colours')
    .allowExcessArguments(true)
    .action((...args: unknown[]) => {
      const command = args.at(-1) as Command;
      const word = command.args[0];
      // Commander's own report, with its suggestion (`config lst` → list); it is not in commander's typings.
      if (word !== undefined) (command as unknown as { unknownCommand(): never }).unknownCommand();
      return invoke(init, command, []);
    });
  config
    .command('init')
    .description('guided setup on a terminal; makes the profile active (also: bare `tfy-llm config`)')
    .argument('[name]', 'profile name (asked when not given)')
    .option('--no-color', 'no colours')
    .addHelpText('after', `
Examples:
  $ tfy-llm config init                 # asks for the gateway URL, the key (masked), provider and model, then tests them
  $ tfy-llm config init prod-eu         # the same, for a profile named prod-eu

Needs a terminal; in a script, use tfy-llm config add (this command prints the one to run).`)
    .action(run(init));

  config
    .command('add')
    .description('add a profile without questions (for scripts and CI)')
    .argument('<name>', 'profile name, e.g. dev or prod')
    .requiredOption('--base-url <url>', "the gateway's OpenAI-compatible root URL")
    .option('--provider <name>', 'default provider (x-tfy-provider-name)')
    .option('-m, --model <id>', 'default model; without "/" the provider is put in front')
    .option('--api-key-stdin', 'read the API key from stdin (first line)')
    .option('--api-key-command <command>', 'a shell command that prints the key, run only when a request needs it')
    .addOption(new Option('-H, --header <"Name: value">', 'extra request header (repeatable)').argParser(collect))
    .option('--use', 'make it the active profile')
    .option('--force', 'replace a profile of the same name')
    .addHelpText('after', `
Examples:
  $ printf '%s\\n' "$TFY_API_KEY" | tfy-llm config add staging --base-url https://tfy.staging.example.com/api/llm --api-key-stdin --provider openai-main
  $ tfy-llm config add ci --base-url https://gateway.truefoundry.ai --api-key-command 'printenv TFY_CI_KEY' -H "X-Team: search"
  $ echo tfy-demo-key | tfy-llm config add demo --base-url http://127.0.0.1:4321/api/llm --api-key-stdin -m my-openai/gpt-4o --use

The key never goes on the command line: --api-key-stdin reads it from a pipe, --api-key-command runs a
command (pass, op read, vault …) each time a request needs it.`)
    .action(run(() => import('../commands/config/add.ts')));

  config
    .command('list')
    .alias('ls')
    .description('list the profiles; * marks the active one')
    .option('--json', 'print them as JSON')
    .addHelpText('after', `
Examples:
  $ tfy-llm config list
  $ tfy-llm config list --json | jq -r '.[] | select(.active) | .name'`)
    .action(run(() => import('../commands/config/list.ts')));

  withCommonOptions(
    config
      .command('show')
      .description('every resolved setting and where it came from (flag, env, profile); the key masked')
      .argument('[name]', 'the profile to show (default: the active one)')
      .option('-m, --model <id>', 'model, to see how it resolves'),
  )
    .addHelpText('after', `
Examples:
  $ tfy-llm config show
  $ tfy-llm config show prod --json | jq -r '."base-url".value'
  $ TFY_LLM_MODEL=my-openai/gpt-4o-mini tfy-llm config show    # model now comes from env`)
    .action(run(() => import('../commands/config/show.ts')));

  config
    .command('use')
    .description('make a profile the active one')
    .argument('<name>')
    .addHelpText('after', examples('tfy-llm config use prod', 'tfy-llm config use dev && tfy-llm config list'))
    .action(run(() => import('../commands/config/use.ts')));
  config
    .command('remove')
    .alias('rm')
    .description('delete a profile')
    .argument('<name>')
    .addHelpText('after', examples('tfy-llm config remove staging'))
    .action(run(() => import('../commands/config/remove.ts')));
  config
    .command('path')
    .description("print the config file's path")
    .addHelpText('after', examples('tfy-llm config path', 'ls -l "$(tfy-llm config path)"        # private: -rw-------'))
    .action(run(() => import('../commands/config/path.ts')));

  const profileOption = (command: Command) => command.option('-p, --profile <name>', 'change this profile instead of the active one');
  profileOption(
    config
      .command('set')
      .description('set one setting of the active (or --profile) profile; api-key is read from stdin or a masked prompt')
      .argument('<key>', 'base-url, api-key, api-key-command, provider, model, headers, or history')
      .argument('[value]', 'the value (none for api-key); headers take "Name: value"; history takes on|off'),
  )
    .addHelpText('after', `
Examples:
  $ tfy-llm config set provider openai-main
  $ tfy-llm config set headers "X-Team: search" -p dev
  $ printf '%s\\n' "$TFY_API_KEY" | tfy-llm config set api-key -p prod    # on a terminal: a masked prompt
  $ tfy-llm config set api-key-command "pass show tfy/dev" -p dev
  $ tfy-llm config set history off        # for the whole machine: stop recording responses`)
    .action(run(() => import('../commands/config/set.ts')));
  profileOption(config.command('get').description('print one stored setting (api-key only masked)').argument('<key>'))
    .addHelpText('after', examples('tfy-llm config get provider', 'tfy-llm config get api-key -p prod     # masked, always'))
    .action(run(() => import('../commands/config/get.ts')));
  profileOption(
    config
      .command('unset')
      .description('remove one setting of a profile (or one header), or reset history')
      .argument('<key>')
      .argument('[header]', 'with headers: remove only this header'),
  )
    .addHelpText('after', examples('tfy-llm config unset headers X-Team -p dev', 'tfy-llm config unset model -p dev', 'tfy-llm config unset history     # back to recording'))
    .action(run(() => import('../commands/config/unset.ts')));
}

/** An "Examples:" help section. */
function examples(...lines: string[]): string {
  return `\nExamples:\n${lines.map((line) => `  $ ${line}`).join('\n')}`;
}

export function addDoctorCommand(program: Command, invoke: Invoke): void {
  withCommonOptions(
    program
      .command('doctor')
      .description('check the config file, the profile, the key, and the gateway; one line each with a fix')
      .option('-m, --model <id>', 'model for the routing test (default from the profile)'),
  )
    .addHelpText('after', `
Checks: config file readable and private, profile complete, key present, gateway reachable (and how fast),
key accepted, provider routing (a minimal request, not stored). Exit 0 only when all pass.

Examples:
  $ tfy-llm doctor
  $ tfy-llm doctor -p prod --json | jq '.checks[] | select(.status != "ok")'`)
    .action(action(invoke, () => import('../commands/doctor.ts')));
}

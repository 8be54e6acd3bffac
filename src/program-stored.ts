// Commander wiring for the commands on stored responses and the local history. No behaviour.
import { Argument, Option, type Command } from 'commander';
import { wholeNumber } from './parsers.ts';
import type { Invoke } from './program.ts';

type Load = () => Promise<unknown>;

const ROUTING = `
The x-tfy-provider-name header is --provider, else the provider recorded in the local history for
that id, else TFY_LLM_PROVIDER or the profile's. "last" is the newest response of the current profile.`;

export function addStoredCommands(program: Command, invoke: Invoke, withCommonOptions: (command: Command) => Command): void {
  const run = (load: Load) => (...args: unknown[]) => invoke(load, args.at(-1) as Command, args.slice(0, -2));

  withCommonOptions(
    program
      .command('retrieve')
      .description('print a stored response')
      .argument('<id>', 'a response id (resp_…), or "last"')
      .option('--wait', 'if it is queued or in progress, poll until it ends'),
  )
    .addHelpText('after', `
Examples:
  $ tfy-llm retrieve resp_68af4c2e0f9c8190a1b2c3d4
  $ tfy-llm retrieve last --json | jq .status
  $ tfy-llm retrieve last --wait          # a background response, once it has finished
${ROUTING}`)
    .action(run(() => import('./commands/retrieve.ts')));

  withCommonOptions(
    program
      .command('delete')
      .description('delete stored responses (one request per id; goes on past failures)')
      .argument('<ids...>', 'response ids, or "last"'),
  )
    .addHelpText('after', `
Examples:
  $ tfy-llm delete resp_68af4c2e0f9c8190a1b2c3d4
  $ tfy-llm delete last
  $ tfy-llm delete resp_a resp_b resp_c --json   # a JSON array of the gateway's answers

Exit code: 0 when every id was deleted, else the highest exit code among the failures (5: not found).
${ROUTING}`)
    .action(run(() => import('./commands/delete.ts')));

  withCommonOptions(
    program
      .command('cancel')
      .description('cancel a queued or in-progress background response')
      .argument('<id>', 'a response id (resp_…), or "last"'),
  )
    .addHelpText('after', `
Examples:
  $ tfy-llm create "write a long essay" -m my-openai/gpt-4o --background
  $ tfy-llm cancel last
${ROUTING}`)
    .action(run(() => import('./commands/cancel.ts')));

  withCommonOptions(
    program
      .command('input-items')
      .description('list the input items of a stored response (all pages, oldest first)')
      .argument('<id>', 'a response id (resp_…), or "last"'),
  )
    .addHelpText('after', `
Examples:
  $ tfy-llm input-items last
  $ tfy-llm input-items resp_68af4c2e0f9c8190a1b2c3d4 --json | jq length
${ROUTING}`)
    .action(run(() => import('./commands/input-items.ts')));

  withCommonOptions(
    program
      .command('history')
      .description('responses created from this machine, newest first')
      .addArgument(new Argument('[action]', '"clear" empties the history').choices(['clear']))
      .addOption(new Option('-n, --limit <count>', 'how many to show').default(20).argParser(wholeNumber)),
  )
    .addHelpText('after', `
Examples:
  $ tfy-llm history
  $ tfy-llm history -n 5 --json | jq -r '.[].id'
  $ tfy-llm history --profile prod      # only what the prod profile created
  $ tfy-llm history clear

Kept in history.jsonl beside the config file (private, 0600): id, time, profile, base URL, provider,
model, status and the first 80 characters of the prompt; never keys. TFY_LLM_HISTORY=off (or
tfy-llm config set history off) stops recording.`)
    .action(run(() => import('./commands/history.ts')));
}

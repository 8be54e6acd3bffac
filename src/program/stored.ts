// Commander wiring for the commands on stored responses and the local history. No behaviour.
import { Argument, Option, type Command } from 'commander';
import { wholeNumber } from './parsers.ts';
import { action, type Invoke } from './program.ts';

type Load = () => Promise<unknown>;

const ROUTING = `
The x-tfy-provider-name header is --provider, else the provider recorded in the local history for
that id, else TFY_LLM_PROVIDER or the profile's. "last" is the newest response of the current profile.`;

export function addStoredCommands(program: Command, invoke: Invoke, withCommonOptions: (command: Command) => Command): void {
  const run = (load: Load) => action(invoke, load);

  withCommonOptions(
    program
      .command('retrieve')
      .description('print a stored response')
      .argument('<id>', 'a response id (resp_…), or "last"')
      .option('--wait', 'if it is queued or in progress, poll until it ends'),
  )
    .addHelpText('after', `
Examples:
  $ id=$(tfy-llm create "hello" --json | jq -r .id) && tfy-llm retrieve "$id"
  $ tfy-llm retrieve last                  # the newest response of this profile
  $ tfy-llm retrieve last --json | jq -r .status
  $ tfy-llm create "a long report" --background && tfy-llm retrieve last --wait
${ROUTING}`)
    .action(run(() => import('../commands/retrieve.ts')));

  withCommonOptions(
    program
      .command('delete')
      .description('delete stored responses (one request per id; goes on past failures)')
      .argument('<ids...>', 'response ids, or "last"'),
  )
    .addHelpText('after', `
Examples:
  $ tfy-llm delete last
  $ tfy-llm delete last --json             # the gateway's answer (a JSON array for several ids)
  $ tfy-llm history --json | jq -r '.[] | select(.status != "deleted") | .id' | xargs tfy-llm delete   # all of them

Exit code: 0 when every id was deleted, else the highest exit code among the failures (5: not found).
${ROUTING}`)
    .action(run(() => import('../commands/delete.ts')));

  withCommonOptions(
    program
      .command('cancel')
      .description('cancel a queued or in-progress background response')
      .argument('<id>', 'a response id (resp_…), or "last"'),
  )
    .addHelpText('after', `
Examples:
  $ tfy-llm create "write a long essay" --background     # prints: resp_… queued
  $ tfy-llm cancel last
${ROUTING}`)
    .action(run(() => import('../commands/cancel.ts')));

  withCommonOptions(
    program
      .command('input-items')
      .description('list the input items of a stored response (all pages, oldest first)')
      .argument('<id>', 'a response id (resp_…), or "last"'),
  )
    .addHelpText('after', `
Examples:
  $ tfy-llm input-items last
  $ tfy-llm input-items last --json | jq -r '.[].content[0].text'
${ROUTING}`)
    .action(run(() => import('../commands/input-items.ts')));

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
    .action(run(() => import('../commands/history.ts')));
}

// tfy-llm batch …: the group and each subcommand's flags. `run` sends from here (local mode); the
// gateway's Batch API subcommands (submit, status, results, cancel, list) join this file.
import * as z from 'zod/mini';
import { BODY_FLAGS, refineBody } from '../../request/create-flags.ts';
import { ALL_COMMON, common } from '../../spec/common.ts';
import { arg, choiceOption, defineCommand, option, parsedOption } from '../../spec/define.ts';
import { positiveWholeNumber } from '../../spec/parsers.ts';

export const MAX_CONCURRENCY = 1024;

const text = z.optional(z.string());
const flag = z.optional(z.boolean());
const atLeastOne = (flag: string) =>
  z.optional(z.number().check(z.refine((n) => Number.isSafeInteger(n) && n >= 1, { error: (iss) => `${flag} must be a whole number of at least 1 (got ${String(iss.input)})` })));

/** `batch` itself: the group; its help lists the subcommands. */
export const group = defineCommand({
  name: 'batch',
  description: 'send many prompts: from a file of lines, with bounded concurrency, resumable',
  args: [],
  options: common('color'),
  help: `
Examples:
  $ tfy-llm batch run prompts.txt -o answers.jsonl             # one prompt per line
  $ tfy-llm batch run requests.jsonl -o answers.jsonl -j 32    # JSONL: prompt objects or Batch API lines

The input is a file (or - for stdin) of text lines (each a prompt) or JSONL lines; see tfy-llm batch run --help.`,
});

// A batch reads each answer whole: no --background (nor --wait, --stream).
const { background: _background, ...bodyFlags } = BODY_FLAGS;

export const run = defineCommand({
  name: 'batch run',
  description: 'send every line of a file (or stdin) from here, a bounded number at a time; re-run to resume',
  args: [arg('<input>', 'a file of prompts: text (one per line) or JSONL; "-" reads stdin')],
  options: {
    output: option(
      '-o, --output <file>',
      'write the result lines here (appended; re-running skips the lines already answered); default stdout',
      z.optional(z.string().check(z.refine((s) => s !== '' && s !== '-', '-o needs a file name (without -o the lines go to stdout)'))),
    ),
    format: choiceOption('--format <format>', 'the input format (default: JSONL when the first line starts with "{", else text)', ['jsonl', 'text'], z.optional(z.enum(['jsonl', 'text']))),
    concurrency: parsedOption(
      '-j, --concurrency <n>',
      'most requests in flight (default 8); halved on 429/503, grown back slowly',
      positiveWholeNumber,
      z._default(
        z.number().check(z.refine((n) => Number.isSafeInteger(n) && n >= 1 && n <= MAX_CONCURRENCY, { error: (iss) => `--concurrency must be a whole number from 1 to ${MAX_CONCURRENCY} (got ${String(iss.input)})` })),
        8,
      ),
    ),
    rpm: parsedOption('--rpm <n>', 'at most this many requests started per minute', positiveWholeNumber, atLeastOne('--rpm')),
    tpm: parsedOption('--tpm <n>', 'at most this many tokens (in + out, as reported) per minute', positiveWholeNumber, atLeastOne('--tpm')),
    ordered: option('--ordered', 'write results in input order (default: as they finish)', flag),
    text: option('--text', 'write custom_id<TAB>text lines instead of JSONL (newlines and tabs escaped)', flag),
    restart: option('--restart', 'empty the -o file and start over instead of resuming', flag),
    model: option('-m, --model <id>', 'default model for lines without one, e.g. my-openai/gpt-4o', text),
    ...bodyFlags,
    imageDetail: choiceOption('--image-detail <level>', 'detail for every image attached by a line (default: auto)', ['low', 'high', 'auto'], z.optional(z.enum(['low', 'high', 'auto']))),
    ...common(...ALL_COMMON),
  },
  refine(options, report) {
    refineBody(options, report);
    if (options.restart && options.output === undefined) report({ message: '--restart needs -o: there is no output file to start over' });
  },
  help: `
Examples:
  $ tfy-llm batch run prompts.txt -o answers.jsonl
  $ cat prompts.txt | tfy-llm batch run - -m my-openai/gpt-4o --text > answers.tsv
  $ tfy-llm batch run requests.jsonl -o answers.jsonl -j 32 --rpm 600
  $ tfy-llm batch run requests.jsonl --dry-run                 # checks every line, sends nothing
  $ jq -r 'select(.error) | .custom_id' answers.jsonl           # the ones that failed

A JSONL line is {"custom_id"?, "prompt" | "input", "model"?, "image"?: [...], "file"?: [...], ...any Responses API field}
or a Batch API line {"custom_id", "method": "POST", "url": "/v1/responses", "body": {...}}. The flags are defaults a line
overrides. Every line is checked before anything is sent. Each result is one line {"id", "custom_id", "response", "error"}.
Running the same command again resumes: lines already answered in -o are skipped, failed ones are sent again.`,
});

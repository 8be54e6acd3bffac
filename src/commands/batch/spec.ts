// tfy-llm batch …: the group and each subcommand's flags. `run` sends from here (local mode); the
// gateway's Batch API subcommands (submit, status, results, cancel, list) join this file.
import * as z from 'zod/mini';
import { BODY_FLAGS, refineBody } from '../../request/create-flags.ts';
import { ALL_COMMON, common, commonExcept } from '../../spec/common.ts';
import { arg, choiceOption, defineCommand, option, parsedOption } from '../../spec/define.ts';
import { positiveWholeNumber, wholeNumber } from '../../spec/parsers.ts';

export const MAX_CONCURRENCY = 1024;

const text = z.optional(z.string());
const flag = z.optional(z.boolean());
const atLeastOne = (flag: string) =>
  z.optional(z.number().check(z.refine((n) => Number.isSafeInteger(n) && n >= 1, { error: (iss) => `${flag} must be a whole number of at least 1 (got ${String(iss.input)})` })));

/** `batch` itself: the group; its help lists the subcommands. */
export const group = defineCommand({
  name: 'batch',
  description: "send many prompts: from here (run), or on the gateway's Batch API (submit)",
  args: [],
  options: common('color'),
  help: `
Examples:
  $ tfy-llm batch run prompts.txt -o answers.jsonl             # one prompt per line
  $ tfy-llm batch run requests.jsonl -o answers.jsonl -j 32    # JSONL: prompt objects or Batch API lines
  $ tfy-llm batch submit prompts.jsonl -m my-openai/gpt-4o     # on the gateway's Batch API: prints the job id
  $ tfy-llm batch status --wait && tfy-llm batch results -o out.jsonl

The input is a file (or - for stdin) of text lines (each a prompt) or JSONL lines; see tfy-llm batch run --help.
run sends them from here, now; submit hands them to the gateway's Batch API (up to 24 h, batch prices).`,
});

// A batch reads each answer whole: no --background (nor --wait, --stream).
const { background: _background, ...bodyFlags } = BODY_FLAGS;

/** The defaults a line may override, the same for batch run and batch submit. */
const LINE_DEFAULTS = {
  model: option('-m, --model <id>', 'default model for lines without one, e.g. my-openai/gpt-4o', text),
  ...bodyFlags,
  imageDetail: choiceOption('--image-detail <level>', 'detail for every image attached by a line (default: auto)', ['low', 'high', 'auto'], z.optional(z.enum(['low', 'high', 'auto']))),
};

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
    ...LINE_DEFAULTS,
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

const TARGET = 'a job id (job_…), a batch id (batch_…), or "last" (the newest job of this profile; the default)';

export const submit = defineCommand({
  name: 'batch submit',
  description: "submit the requests to the gateway's Batch API (up to 24 h, for scale); prints the job id",
  args: [arg('<input>', 'the input: a JSONL or text file, or "-" for stdin')],
  options: {
    endpoint: choiceOption('--endpoint <endpoint>', 'the API the requests go to (default: responses)', ['responses', 'chat'], z.optional(z.enum(['responses', 'chat']))),
    format: choiceOption('--format <format>', 'the input format (default: JSONL when the first line starts with "{", else text)', ['jsonl', 'text'], z.optional(z.enum(['jsonl', 'text']))),
    wait: option('--wait', 'wait for every part to end, with a progress bar on a terminal', flag),
    ...LINE_DEFAULTS,
    ...common(...ALL_COMMON),
  },
  refine(options, report) {
    refineBody(options, report);
  },
  help: `
Examples:
  $ tfy-llm batch submit prompts.jsonl -m my-openai/gpt-4o
  $ tfy-llm batch submit prompts.txt -m my-openai/gpt-4o --endpoint chat --wait
  $ tfy-llm batch submit prompts.jsonl -m my-openai/gpt-4o --dry-run    # the parts and requests, nothing sent

The input is checked whole before anything is sent, split into parts of at most 50,000 lines and 50 MB,
each uploaded (purpose batch) and submitted as one batch (completion window 24h). The job is recorded
beside the history; tfy-llm batch status / results / cancel take its id, or "last".
Batches run on one provider account and need a model of it (provider/model), not a virtual model.`,
});

export const resume = defineCommand({
  name: 'batch resume',
  description: 'finish a submit that stopped part-way: upload and create the parts it left',
  args: [arg('[job]', 'a job id (job_…), or "last" (the newest job of this profile; the default)')],
  options: {
    wait: option('--wait', 'then wait for every part to end, with a progress bar on a terminal', flag),
    // (No --provider: the parts go to the provider account the job was submitted through.)
    ...commonExcept('provider'),
  },
  help: `
Examples:
  $ tfy-llm batch resume                 # the newest job
  $ tfy-llm batch resume last --wait

A submit keeps the parts it has not submitted (a failed upload, Ctrl-C, a lost connection) beside the
job's record, exactly as planned: resume sends those, to the gateway the job was submitted to. The parts
already submitted are not sent again.`,
});

export const status = defineCommand({
  name: 'batch status',
  description: "each part's batch: status and request counts",
  args: [arg('[job]', TARGET)],
  options: {
    wait: option('--wait', 'poll until every part has ended (with --timeout: at most that long)', flag),
    ...common(...ALL_COMMON),
  },
  help: `
Examples:
  $ tfy-llm batch status
  $ tfy-llm batch status last --wait --timeout 3600
  $ tfy-llm batch status last --json | jq -r '.[].status'

Statuses: validating, in_progress, finalizing, completed, failed, expired, cancelling, cancelled.`,
});

export const results = defineCommand({
  name: 'batch results',
  description: 'download and merge the results of an ended job (JSONL, the batch output format)',
  args: [arg('[job]', TARGET)],
  options: {
    output: option('-o, --output <file>', 'write the results to this file instead of stdout', text),
    text: option('--text', 'write custom_id<TAB>text lines instead of JSONL (newlines and tabs escaped; failures left out)', flag),
    // (No --json: results writes JSON Lines already, so --json would add nothing and is refused.)
    ...commonExcept('json'),
  },
  help: `
Examples:
  $ tfy-llm batch results -o out.jsonl
  $ tfy-llm batch results last | jq -c '{custom_id, error}'
  $ tfy-llm batch results --text | cut -f2

Exit codes: 0 every request succeeded; 1 some failed or have no result (named on stderr);
7 not ready: a part is still running (nothing written).`,
});

export const cancel = defineCommand({
  name: 'batch cancel',
  description: 'cancel every part still running (the requests already run keep their results)',
  args: [arg('[job]', TARGET)],
  options: common(...ALL_COMMON),
  help: `
Examples:
  $ tfy-llm batch submit prompts.jsonl -m my-openai/gpt-4o && tfy-llm batch cancel last
  $ tfy-llm batch cancel last --json | jq -r '.[].status'`,
});

export const list = defineCommand({
  name: 'batch list',
  description: "jobs submitted from here, and the gateway's batches for the provider",
  args: [],
  options: {
    local: option('--local', 'only the jobs recorded here; nothing is sent', flag),
    limit: parsedOption('-n, --limit <count>', "how many of the gateway's batches (default 20)", wholeNumber, z.optional(z.number())),
    ...common(...ALL_COMMON),
  },
  help: `
Examples:
  $ tfy-llm batch list
  $ tfy-llm batch list --local
  $ tfy-llm batch list --provider my-openai --json | jq -r '.batches[] | "\\(.id) \\(.status)"'`,
});

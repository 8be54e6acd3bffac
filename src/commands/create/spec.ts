// tfy-llm create: its flags and what they mean (the body flags are shared: request/create-flags.ts).
import * as z from 'zod/mini';
import { BODY_FLAGS, refineBody } from '../../request/create-flags.ts';
import { ALL_COMMON, common } from '../../spec/common.ts';
import { arg, choiceOption, defineCommand, option, parsedOption } from '../../spec/define.ts';
import { orderedCollector, type Attachment } from '../../spec/parsers.ts';

// -i and -f share one counter so attachments keep their command-line order.
const attachments = orderedCollector();
const attached = z.optional(z.array(z.custom<Attachment>()));
const text = z.optional(z.string());
const flag = z.optional(z.boolean());

export const spec = defineCommand({
  name: 'create',
  description: 'create a response from a prompt',
  args: [arg('[prompt...]', 'the prompt; with stdin piped in, these words follow it; "-" reads stdin only')],
  options: {
    model: option('-m, --model <id>', 'model, e.g. my-openai/gpt-4o (default from the profile or TFY_LLM_MODEL)', text),
    ...BODY_FLAGS,
    image: parsedOption('-i, --image <path|url>', 'attach an image: a PNG, JPEG, WebP or GIF file, an http(s)/data: URL, or "-" for stdin (repeatable)', attachments, attached),
    imageDetail: choiceOption('--image-detail <level>', 'detail for every attached image (default: auto)', ['low', 'high', 'auto'], z.optional(z.enum(['low', 'high', 'auto']))),
    file: parsedOption('-f, --file <path|url>', 'attach a PDF file or URL as input_file (repeatable)', attachments, attached),
    inputJson: option('--input-json <file|->', 'the whole input array as JSON, from a file or "-" for stdin (advanced)', text),
    stdin: option('--no-stdin', 'never read stdin (in a `while read` loop, stdin is the loop\'s list, not a prompt)', flag),
    wait: option('--wait', 'with --background: poll until the response ends, then print it', flag),
    previous: option('--previous <id>', 'follow up on a stored response (previous_response_id); "last" is this profile\'s newest', text),
    continue: option('-c, --continue', 'follow up on the last response created with this profile (--previous last)', flag),
    stream: option('--stream', 'print tokens as they arrive (default on a terminal, unless --json); with --json: one event per line', flag, {
      negation: 'wait for the whole response',
    }),
    text: option('--text', 'print the plain text (no Markdown rendering) even on a terminal', flag),
    ...common(...ALL_COMMON),
  },
  refine(options, report) {
    refineBody(options, report);
    if (options.wait && !options.background) report({ message: '--wait needs --background (a plain create already waits for its answer)', hint: 'add --background, or drop --wait' });
  },
  help: `
Examples:
  $ tfy-llm create "Write a haiku about gateways"
  $ tfy-llm create "hello" -m my-openai/gpt-4o        # provider/model: the provider names the gateway's route
  $ tfy-llm create "describe this" -i shot.png
  $ tfy-llm create "which is sharper?" -i shot.png -i https://example.com/b.png --image-detail high
  $ tfy-llm create "list the deadlines" -f contract.pdf -s "answer in three bullets"
  $ git diff | tfy-llm create "review this"
  $ cat shot.png | tfy-llm create "describe this" -i -
  $ printf 'Oslo\\nLima\\n' | while read -r city; do tfy-llm create "a fact about $city" --no-stdin; done
  $ cat notes.md | tfy-llm create "summarise this" -t 0.2 --max-output-tokens 400
  $ tfy-llm create "hi" --json | jq -r '.output[0].content[0].text'
  $ tfy-llm create "extract the people" -f contract.pdf --schema person.schema.json --json | jq -r '.output[0].content[0].text'
  $ tfy-llm create "and in French?" --continue
  $ tfy-llm create "write a long essay" --background --wait
  $ tfy-llm create "check the body first" -i shot.png --dry-run
  $ tfy-llm create "tell a story" --stream --json | jq -rj 'select(.type == "response.output_text.delta") | .delta'

Without words, a prompt piped on stdin is the whole prompt; with words, the input is stdin, a blank line, then the words.
Local files are checked before anything is sent (images by their bytes: PNG, JPEG, WebP, GIF; documents: PDF),
each at most 20 MB. --dry-run prints the request instead of sending it (long data: URLs shortened; not with --json).`,
});

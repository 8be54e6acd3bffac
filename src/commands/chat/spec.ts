// tfy-llm chat: its flags and what they mean. The body flags are create's (request/create-flags.ts), sent
// with every turn. --json and --dry-run are not listed, so they are refused (exit 2): a chat shows its
// answers as it goes and sends as you type. --no-store is listed only to be refused in words.
import * as z from 'zod/mini';
import { BODY_FLAGS, refineBody } from '../../request/create-flags.ts';
import { commonExcept } from '../../spec/common.ts';
import { arg, choiceOption, defineCommand, option, parsedOption } from '../../spec/define.ts';
import { orderedCollector, type Attachment } from '../../spec/parsers.ts';

// -i and -f share one counter so attachments keep their command-line order.
const attachments = orderedCollector();
const attached = z.optional(z.array(z.custom<Attachment>()));
const text = z.optional(z.string());
const flag = z.optional(z.boolean());
const { instructions, system, temperature, topP, maxOutputTokens, reasoningEffort, store, metadata, param } = BODY_FLAGS;

export const spec = defineCommand({
  name: 'chat',
  description: 'a multi-turn conversation on stored responses',
  args: [arg('[prompt...]', 'the first message (optional)')],
  options: {
    model: option('-m, --model <id>', 'model, e.g. my-openai/gpt-4o (default from the profile or TFY_LLM_MODEL); /model changes it', text),
    instructions: { ...instructions, description: 'instructions sent with every turn (alias: --system); /system changes them' },
    system,
    image: parsedOption('-i, --image <path|url>', 'attach an image to the first message (repeatable)', attachments, attached),
    imageDetail: choiceOption('--image-detail <level>', 'detail for every attached image (default: auto)', ['low', 'high', 'auto'], z.optional(z.enum(['low', 'high', 'auto']))),
    file: parsedOption('-f, --file <path|url>', 'attach a PDF to the first message (repeatable)', attachments, attached),
    continue: option('-c, --continue', 'follow on from the last response of this profile (--resume last)', flag),
    resume: option('--resume <id>', 'follow on from this stored response ("last": this profile\'s newest)', text),
    temperature,
    topP,
    maxOutputTokens,
    reasoningEffort,
    metadata: { ...metadata, description: 'metadata on every response (repeatable; 16 keys, key ≤ 64, value ≤ 512 chars)' },
    param,
    store: { ...store, hidden: true },
    null: option('-0, --null', 'stdin not a terminal: messages are separated by NUL characters instead of newlines', flag),
    text: option('--text', 'print the plain text (no Markdown rendering) even on a terminal', flag),
    ...commonExcept('dryRun', 'json'),
  },
  refine(options, report) {
    refineBody(options, report);
    if (options.store === false) {
      report({
        message: 'a chat follows on from stored responses (previous_response_id): --no-store cannot work',
        hint: 'for a one-off answer that is not stored: tfy-llm create "…" --no-store',
      });
    }
    if (options.continue && options.resume !== undefined) report({ message: '--continue and --resume both name the response to follow; give one', hint: '--continue is the same as --resume last' });
  },
  help: `
Examples:
  $ tfy-llm chat                                         # at a terminal: type, Enter sends; /help lists the commands
  $ tfy-llm chat -m my-openai/gpt-4o -s "answer in one sentence" "Name three rivers"
  $ tfy-llm chat --continue                              # go on from your last response (create's too)
  $ printf 'Name three rivers\\nWhich is longest?\\n' | tfy-llm chat    # a pipe: one message per line
  $ printf 'two\\nlines\\0and one more\\0' | tfy-llm chat -0        # NUL-separated messages may hold newlines

At a terminal: ↑/↓ recall earlier messages (kept across sessions), a line ending in \\ or a """ block
goes on over several lines, a pasted block is one message, TAB completes /commands, models and paths.
Ctrl-C stops an answer; Ctrl-C twice, Ctrl-D or /exit leaves and prints how to resume.
Commands: /help /model /system /image /file /retry /undo /new /id /save /edit /exit.
Each turn is stored by the gateway and recorded in the local history (retrieve last, create --continue).
--json and --dry-run are refused (a chat shows its answers as it goes), and so is --no-store (it needs them stored).`,
});

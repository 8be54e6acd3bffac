// The server-sent events a real gateway emits while producing a response,
// derived from the finished response so both paths always agree.
import { pendingCopy } from './responses.ts';
import type { FunctionCallItem, MessageItem, OutputItem, ReasoningItem, ResponseObject } from './types.ts';

/** One event before it is numbered: `sequence_number` is added as it is written. */
export type StreamEvent = { type: string } & Record<string, unknown>;

export function streamEvents(finished: ResponseObject): StreamEvent[] {
  const started = pendingCopy(finished, 'in_progress');
  const events: StreamEvent[] = [
    { type: 'response.created', response: started },
    { type: 'response.in_progress', response: started },
  ];
  finished.output.forEach((item, index) => events.push(...itemEvents(item, index)));
  events.push({ type: `response.${terminalEvent(finished)}`, response: finished });
  return events;
}

function terminalEvent(response: ResponseObject): string {
  if (response.status === 'incomplete') return 'incomplete';
  if (response.status === 'failed') return 'failed';
  return 'completed';
}

function itemEvents(item: OutputItem, output_index: number): StreamEvent[] {
  const inner = item.type === 'message' ? messageEvents(item, output_index)
    : item.type === 'reasoning' ? reasoningEvents(item, output_index)
    : functionCallEvents(item, output_index);
  return [
    { type: 'response.output_item.added', output_index, item: emptied(item) },
    ...inner,
    { type: 'response.output_item.done', output_index, item },
  ];
}

/** The item as first announced: in progress, with nothing in it yet. */
function emptied(item: OutputItem): OutputItem {
  if (item.type === 'message') return { ...item, status: 'in_progress', content: [] };
  if (item.type === 'reasoning') return { ...item, summary: [] };
  return { ...item, status: 'in_progress', arguments: '' };
}

function messageEvents(item: MessageItem, output_index: number): StreamEvent[] {
  const at = { item_id: item.id, output_index };
  return item.content.flatMap((part, content_index): StreamEvent[] => {
    const here = { ...at, content_index };
    const body: StreamEvent[] = part.type === 'output_text'
      ? [
          ...chunks(part.text).map((delta) => ({ type: 'response.output_text.delta', ...here, delta, logprobs: [] })),
          { type: 'response.output_text.done', ...here, text: part.text, logprobs: [] },
        ]
      : [
          ...chunks(part.refusal).map((delta) => ({ type: 'response.refusal.delta', ...here, delta })),
          { type: 'response.refusal.done', ...here, refusal: part.refusal },
        ];
    const empty = part.type === 'output_text' ? { ...part, text: '' } : { ...part, refusal: '' };
    return [
      { type: 'response.content_part.added', ...here, part: empty },
      ...body,
      { type: 'response.content_part.done', ...here, part },
    ];
  });
}

function reasoningEvents(item: ReasoningItem, output_index: number): StreamEvent[] {
  return item.summary.flatMap((part, summary_index): StreamEvent[] => {
    const here = { item_id: item.id, output_index, summary_index };
    return [
      { type: 'response.reasoning_summary_part.added', ...here, part: { ...part, text: '' } },
      ...chunks(part.text).map((delta) => ({ type: 'response.reasoning_summary_text.delta', ...here, delta })),
      { type: 'response.reasoning_summary_text.done', ...here, text: part.text },
      { type: 'response.reasoning_summary_part.done', ...here, part },
    ];
  });
}

function functionCallEvents(item: FunctionCallItem, output_index: number): StreamEvent[] {
  const at = { item_id: item.id, output_index };
  return [
    { type: 'response.function_call_arguments.delta', ...at, delta: item.arguments },
    { type: 'response.function_call_arguments.done', ...at, name: item.name, arguments: item.arguments },
  ];
}

/** Splits text into deltas of a few words; joined, they are the text exactly. */
export function chunks(text: string, wordsPerChunk = 4): string[] {
  const words = text.split(/(?<=\s)(?=\S)/);
  const result: string[] = [];
  for (let i = 0; i < words.length; i += wordsPerChunk) result.push(words.slice(i, i + wordsPerChunk).join(''));
  return result.filter((chunk) => chunk !== '');
}

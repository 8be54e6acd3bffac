// Where stream events go as they arrive: NDJSON lines, the raw text for a pipe, or a live
// rendering for a terminal. Each sink writes a delta the moment it gets it.
import type { ChalkInstance } from 'chalk';
import type { IO, OutStream } from '../terminal/io.ts';
import type { ResponseLike, StreamEvent } from './untrusted.ts';
import { pipeNotes } from './render-items.ts';
import { saneItem } from './sane.ts';

export type { StreamEvent } from './untrusted.ts';

export interface EventSink {
  event(event: StreamEvent): void;
  /** The final event arrived. */
  finish(response: ResponseLike): void;
  /** The stream broke off; `failure` is the error event the gateway sent, if it sent one. */
  abandon(failure?: unknown): void;
}

export const text = (event: StreamEvent, key: keyof StreamEvent): string => {
  const value = event[key];
  return typeof value === 'string' ? value : '';
};

/** `--json --stream`: each event as the API sent it, one per line. */
export function ndjsonSink(out: OutStream): EventSink {
  return {
    event: (event) => out.write(`${JSON.stringify(event)}\n`),
    finish: () => {},
    abandon: (failure) => {
      if (failure !== undefined) out.write(`${JSON.stringify(failure)}\n`);
    },
  };
}

/** A pipe (or --text): the answer's text exactly as it streams, then one newline. */
export function textSink(io: IO, stderrChalk: ChalkInstance, firstOutput: () => void): EventSink {
  let last = '';
  const write = (chunk: string): void => {
    if (chunk === '') return;
    if (last === '') firstOutput();
    io.stdout.write(chunk);
    last = chunk;
  };
  return {
    event(event) {
      if (event.type === 'response.output_text.delta') write(text(event, 'delta'));
      else if (event.type === 'response.output_item.done') io.stderr.write(pipeNotes([saneItem(event['item'])], stderrChalk));
    },
    finish() {
      if (!last.endsWith('\n')) io.stdout.write('\n');
    },
    abandon() {
      // On a terminal (--text), the error that follows must start on its own line.
      if (io.stdout.isTTY && last !== '' && !last.endsWith('\n')) io.stdout.write('\n');
    },
  };
}

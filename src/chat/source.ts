// Where a chat's messages come from: a person at a terminal (terminal-source.ts), or lines on a pipe.

export interface MessageSource {
  /** True for a person at a terminal: errors do not end the session, /edit works, there is a prompt. */
  readonly interactive: boolean;
  /** The next message or slash command; undefined when the input ends (Ctrl-D, end of the pipe, Ctrl-C twice). */
  next(): Promise<string | undefined>;
  /** Runs one turn; `stop` is called when the person presses Ctrl-C during it. */
  during<T>(stop: () => void, work: () => Promise<T>): Promise<T>;
  /** /edit: a message written in $EDITOR (undefined when left empty). */
  edit?(): Promise<string | undefined>;
  close(): void;
}

/** stdin not a terminal: one message per line (or per NUL with -0); blank ones are skipped. */
export function lineSource(stdin: AsyncIterable<Buffer | string>, separator: '\n' | '\0'): MessageSource {
  const iterator = stdin[Symbol.asyncIterator]();
  const decoder = new TextDecoder();
  let buffered = '';
  let ended = false;
  return {
    interactive: false,
    async next() {
      for (;;) {
        const at = buffered.indexOf(separator);
        if (at >= 0) {
          const message = buffered.slice(0, at);
          buffered = buffered.slice(at + 1);
          return separator === '\n' ? message.replace(/\r$/, '') : message;
        }
        if (ended) {
          const rest = buffered;
          buffered = '';
          return rest === '' ? undefined : rest;
        }
        const chunk = await iterator.next();
        if (chunk.done) {
          ended = true;
          buffered += decoder.decode();
        } else {
          buffered += typeof chunk.value === 'string' ? chunk.value : decoder.decode(chunk.value, { stream: true });
        }
      }
    },
    during: (_stop, work) => work(),
    close() {
      void iterator.return?.();
    },
  };
}

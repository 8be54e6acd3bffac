// The conversation: read a message, send it as the next turn (or run a slash command), again until
// the input ends. At a terminal an error is one line and the session goes on; in a pipe it ends the
// session with its exit code, since later messages were written for answers that never came.
import { ExitCode } from '../errors/errors.ts';
import type { IO } from '../terminal/io.ts';
import { reportTurnError } from './report.ts';
import type { ChatSession } from './session.ts';
import { isSlashCommand, runSlash, type SlashContext } from './slash-commands.ts';
import type { MessageSource } from './source.ts';

export interface LoopDeps {
  io: IO;
  /** The run's own signal: Ctrl-C from outside a terminal session, or stdout gone. */
  signal: AbortSignal | undefined;
  /** Makes the signal the next turn runs under; Ctrl-C during that turn aborts it. */
  startTurn(): AbortController;
  /** Back to the run's own signal once a turn is over (a stopped turn's signal stays aborted). */
  endTurn(): void;
  noColor: boolean;
  verbose: boolean;
  /** Talk on stderr, dimmed. */
  say(text: string): void;
}

export async function chatLoop(session: ChatSession, source: MessageSource, first: string | undefined, slash: SlashContext, deps: LoopDeps): Promise<number> {
  let pendingFirst = first;
  for (;;) {
    const text = pendingFirst ?? (await source.next());
    pendingFirst = undefined;
    if (text === undefined) return ExitCode.ok;
    if (text.trim() === '') continue;
    let code: number = ExitCode.ok;
    let turned = false;
    const turn = (send: () => Promise<number>): Promise<number> => {
      turned = true;
      return oneTurn(send, source, deps);
    };
    try {
      if (isSlashCommand(text)) {
        const result = await runSlash(text, slash);
        if (result.kind === 'exit') return ExitCode.ok;
        if (result.kind === 'retry') code = await turn(() => session.retry().then((c) => c ?? ExitCode.ok));
        if (result.kind === 'edit') {
          const edited = await source.edit?.();
          if (edited === undefined) deps.say('nothing to send');
          else code = await turn(() => session.send(edited));
        }
      } else {
        // "//…" sends a message that starts with "/".
        code = await turn(() => session.send(text.startsWith('//') ? text.slice(1) : text));
      }
    } catch (err) {
      if (deps.signal?.aborted) throw err;
      code = reportTurnError(err, deps.io, deps).exitCode;
    }
    if (deps.signal?.aborted) return deps.signal.reason instanceof Error && deps.signal.reason.name === 'OutputClosed' ? ExitCode.ok : ExitCode.interrupted;
    if (code !== ExitCode.ok && !source.interactive) return code;
    // At a terminal, a blank line between one exchange and the next prompt.
    if (source.interactive && turned) deps.io.stderr.write('\n');
  }
}

/** One turn under its own signal: Ctrl-C stops this answer (what printed stays), the session goes on. */
async function oneTurn(send: () => Promise<number>, source: MessageSource, deps: LoopDeps): Promise<number> {
  const controller = deps.startTurn();
  try {
    return await source.during(() => controller.abort(), send);
  } catch (err) {
    if (controller.signal.aborted && !deps.signal?.aborted) {
      deps.say('(stopped: this answer is not part of the conversation)');
      return ExitCode.ok;
    }
    throw err;
  } finally {
    deps.endTurn();
  }
}

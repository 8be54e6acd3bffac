// One abort signal per turn: Ctrl-C at the terminal stops that answer, not the session. The session's
// deps carry whichever signal is current, so everything below (the request, the stream, the guard's
// "interrupted") sees the turn's own; the run's signal (Ctrl-C from outside, stdout gone) aborts any turn.
import type { CommandDeps } from '../spec/deps.ts';

export class TurnSignals {
  readonly deps: CommandDeps;
  readonly #run: AbortSignal | undefined;
  #current: AbortSignal | undefined;

  constructor(deps: CommandDeps) {
    this.#run = deps.signal;
    this.#current = deps.signal;
    const signals = this;
    this.deps = {
      ...deps,
      get signal() {
        return signals.#current;
      },
    };
  }

  start(): AbortController {
    const controller = new AbortController();
    this.#current = this.#run ? AbortSignal.any([this.#run, controller.signal]) : controller.signal;
    return controller;
  }

  /** Back to the run's signal: a stopped turn's stays aborted. */
  end(): void {
    this.#current = this.#run;
  }
}

// A chat's state: the model (its provider pinned), the instructions, what the next message carries,
// and the chain of turns. Each turn is one responses.create with previous_response_id of the last,
// sent and printed by the same code as `create` (respond/send.ts).
import type { AttachmentPart } from '../request/attachments.ts';
import { buildCreateBody, type CreateFields } from '../request/create-body.ts';
import { userInput, type Input } from '../request/input.ts';
import { outputText, type ResponseLike } from '../output/render.ts';
import { sendCreate, type SendOptions } from '../respond/send.ts';
import type { Settings } from '../config/settings.ts';
import type { Connected } from '../http/connect.ts';
import type { CommandDeps } from '../spec/deps.ts';
import { ExitCode } from '../errors/errors.ts';

export interface Route {
  model: string;
  provider: string | undefined;
}

export interface ChatTurn {
  /** The response this turn made. */
  id: string;
  /** The response it followed, if any. */
  previous: string | undefined;
  /** What was sent: the text and the attachments' names. */
  text: string;
  attachments: string[];
  parts: AttachmentPart[];
  model: string;
  answer: string;
}

export interface Pending {
  parts: AttachmentPart[];
  names: string[];
}

export interface SessionSetup {
  /** A client for a provider: the provider header is part of it, and /model may change provider. */
  connect(provider: string | undefined): Promise<Connected>;
  settings: Settings;
  route: Route;
  instructions: string | undefined;
  /** The checked sampling flags and --param fields, sent with every turn. */
  fields: Omit<CreateFields, 'instructions' | 'previousResponseId' | 'stream'>;
  params: Record<string, unknown>;
  /** --resume / --continue: the stored response the first turn follows. */
  resumeFrom: string | undefined;
  opts: SendOptions;
  /** deps whose `signal` is the current turn's (Ctrl-C stops one answer, not the session). */
  deps: CommandDeps;
}

export class ChatSession {
  readonly setup: SessionSetup;
  route: Route;
  instructions: string | undefined;
  /** The stored response the thread starts from (--resume), until /new. */
  base: string | undefined;
  turns: ChatTurn[] = [];
  pending: Pending = { parts: [], names: [] };

  constructor(setup: SessionSetup) {
    this.setup = setup;
    this.route = setup.route;
    this.instructions = setup.instructions;
    this.base = setup.resumeFrom;
  }

  /** The id the next turn follows: the last turn's, else where the thread started. */
  get lastId(): string | undefined {
    return this.turns.at(-1)?.id ?? this.base;
  }

  /** Sends a message (with the pending attachments) as the next turn; resolves to create's exit code. */
  async send(text: string): Promise<number> {
    const pending = this.pending;
    this.pending = { parts: [], names: [] };
    let code: number = ExitCode.failure;
    try {
      code = await this.#turn(text, pending, this.lastId);
      return code;
    } finally {
      // A message that did not get through keeps its attachments for the next try.
      if (code !== ExitCode.ok && this.pending.parts.length === 0) this.pending = pending;
    }
  }

  /** Asks again for the last answer, from the turn before it; the new answer replaces it. */
  async retry(): Promise<number | undefined> {
    const last = this.turns.at(-1);
    if (!last) return undefined;
    this.turns.pop();
    let code: number = ExitCode.failure;
    try {
      code = await this.#turn(last.text, { parts: last.parts, names: last.attachments }, last.previous);
      return code;
    } finally {
      // A retry that failed leaves the answer it was to replace in place.
      if (code !== ExitCode.ok) this.turns.push(last);
    }
  }

  /** Drops the last exchange: the next turn follows the one before it. */
  undo(): ChatTurn | undefined {
    return this.turns.pop();
  }

  /** A fresh thread: nothing before it is sent along. */
  newThread(): void {
    this.turns = [];
    this.base = undefined;
  }

  async #turn(text: string, pending: Pending, previous: string | undefined): Promise<number> {
    const { setup } = this;
    const input: Input = userInput(text, pending.parts);
    const fields: CreateFields = { ...setup.fields, instructions: this.instructions, previousResponseId: previous, stream: true };
    const body = buildCreateBody(this.route.model, input, fields, setup.params);
    const connected = await setup.connect(this.route.provider);
    let response: ResponseLike | undefined;
    const exchange = {
      connected,
      settings: setup.settings,
      provider: this.route.provider,
      model: this.route.model,
      startedAt: setup.deps.now(),
      onResponse: (final: ResponseLike) => void (response = final),
    };
    const code = await sendCreate(body, exchange, setup.opts, setup.deps);
    const id = response?.id;
    if (code === ExitCode.ok && typeof id === 'string' && id !== '' && followable(response)) {
      this.turns.push({ id, previous, text, attachments: pending.names, parts: pending.parts, model: this.route.model, answer: outputText(response ?? {}) });
    }
    return code;
  }
}

/** A response the next turn can follow: it was made and stored. */
function followable(response: ResponseLike | undefined): boolean {
  return response !== undefined && response.status !== 'failed' && (response as { store?: unknown }).store !== false;
}

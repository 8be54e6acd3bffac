// Chat's slash commands: what each does to the session, and what TAB completes after each.
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { UsageError } from '../errors/errors.ts';
import { filePart, imagePart, type ImageDetail } from '../request/attachments.ts';
import { forTerminal } from '../terminal/safe-text.ts';
import type { ChatSession, Route } from './session.ts';
import type { Earlier } from './earlier.ts';
import { transcriptMarkdown, type Before } from './transcript.ts';

export type Completes = 'model' | 'path' | undefined;

export interface SlashCommand {
  name: string;
  usage: string;
  does: string;
  completes?: Completes;
  /** Only where a person types (not in a pipe). */
  terminalOnly?: boolean;
}

export const SLASH_COMMANDS: readonly SlashCommand[] = [
  { name: 'help', usage: '/help', does: 'these commands' },
  { name: 'model', usage: '/model [name]', does: 'the model for the next turns (a new provider starts a new thread)', completes: 'model' },
  { name: 'system', usage: '/system [text | -]', does: 'the instructions sent with every turn ("-" clears them)' },
  { name: 'image', usage: '/image <path|url>', does: 'attach an image to the next message', completes: 'path' },
  { name: 'file', usage: '/file <path|url>', does: 'attach a PDF to the next message', completes: 'path' },
  { name: 'retry', usage: '/retry', does: 'ask again for the last answer' },
  { name: 'undo', usage: '/undo', does: 'drop the last exchange: the next message follows the one before' },
  { name: 'new', usage: '/new', does: 'start a fresh thread' },
  { name: 'id', usage: '/id', does: 'the id of the current response' },
  { name: 'save', usage: '/save <file.md>', does: 'write the thread as Markdown', completes: 'path' },
  { name: 'edit', usage: '/edit', does: 'write the next message in $EDITOR', terminalOnly: true },
  { name: 'exit', usage: '/exit', does: 'leave (so do Ctrl-D and Ctrl-C twice)' },
];

export interface SlashContext {
  session: ChatSession;
  /** A line of talk on stderr. */
  say(text: string): void;
  /** How a model name routes with this session's settings (throws a UsageError when it cannot). */
  routeFor(model: string): Route;
  imageDetail: ImageDetail | undefined;
  terminal: boolean;
  now(): Date;
  cwd: string;
  /** The turns before `id`, from the gateway (for /save of a resumed thread). */
  earlier(id: string): Promise<Earlier>;
}

/** What the loop does next. */
export type SlashResult = { kind: 'done' } | { kind: 'exit' } | { kind: 'retry' } | { kind: 'edit' };

const DONE: SlashResult = { kind: 'done' };

/** A line starting with "/" (but not "//", which sends the rest as a message). */
export function isSlashCommand(line: string): boolean {
  return /^\/[A-Za-z]/.test(line.trimStart());
}

export async function runSlash(line: string, ctx: SlashContext): Promise<SlashResult> {
  const match = /^\s*\/(\S+)\s*([^]*)$/.exec(line);
  const name = (match?.[1] ?? '').toLowerCase();
  const arg = (match?.[2] ?? '').trim();
  const { session, say } = ctx;
  const command = SLASH_COMMANDS.find((c) => c.name === name) ?? (name === 'quit' ? SLASH_COMMANDS.find((c) => c.name === 'exit') : undefined);
  if (!command || (command.terminalOnly && !ctx.terminal)) {
    throw new UsageError(`unknown command /${forTerminal(name)}${command ? ' here: it needs a terminal' : ''}`, { hint: '/help lists the commands; start a message with // to send a "/"' });
  }
  const needs = (what: string): string => {
    if (arg === '') throw new UsageError(`${command.usage}: give the ${what}`);
    return arg;
  };
  switch (command.name) {
    case 'help':
      for (const c of SLASH_COMMANDS) if (ctx.terminal || !c.terminalOnly) say(`  ${c.usage.padEnd(20)} ${c.does}`);
      if (ctx.terminal) say('  multi-line: end a line with \\, or put the message between """ lines, or paste it');
      return DONE;
    case 'model': {
      if (arg === '') {
        say(`model: ${forTerminal(session.route.model)}${session.route.provider ? ` (provider ${forTerminal(session.route.provider)})` : ''}`);
        return DONE;
      }
      const route = ctx.routeFor(arg);
      if (route.provider !== session.route.provider && session.lastId !== undefined) {
        say(`provider ${forTerminal(route.provider ?? '(none)')} cannot see the conversation kept by ${forTerminal(session.route.provider ?? '(none)')}: starting a new thread`);
        session.newThread();
      }
      session.route = route;
      say(`model: ${forTerminal(route.model)}`);
      return DONE;
    }
    case 'system':
      if (arg === '') say(session.instructions === undefined ? 'no instructions' : `instructions: ${forTerminal(session.instructions)}`);
      else if (arg === '-') {
        session.instructions = undefined;
        say('instructions cleared');
      } else {
        session.instructions = arg;
        say('instructions set; they go with every turn');
      }
      return DONE;
    case 'image':
    case 'file': {
      const ref = needs(command.name === 'image' ? 'image path or URL' : 'PDF path or URL');
      const part = command.name === 'image' ? await imagePart(ref, ctx.imageDetail ?? 'auto') : await filePart(ref);
      session.pending.parts.push(part);
      session.pending.names.push(ref);
      say(`${command.name === 'image' ? 'image' : 'file'} ${forTerminal(ref)} goes with your next message`);
      return DONE;
    }
    case 'retry':
      if (session.turns.length === 0) {
        say('nothing to retry yet');
        return DONE;
      }
      return { kind: 'retry' };
    case 'undo': {
      const dropped = session.undo();
      if (!dropped) say('nothing to undo');
      else say(`dropped ${forTerminal(dropped.id)}; the next message follows ${forTerminal(session.lastId ?? 'nothing (a new thread)')}`);
      return DONE;
    }
    case 'new':
      session.newThread();
      say('new thread');
      return DONE;
    case 'id':
      say(forTerminal(session.lastId ?? 'no response yet'));
      return DONE;
    case 'save': {
      const path = resolve(ctx.cwd, needs('file name'));
      const start = session.turns[0]?.previous ?? session.base;
      let before: Before = { turns: [], before: start };
      if (start !== undefined) {
        try {
          before = await ctx.earlier(start);
        } catch (err) {
          // The turns of this session are still worth saving; the file names where it starts.
          say(`the turns before ${forTerminal(start)} could not be fetched (${forTerminal((err as Error).message)}); saving this session's`);
        }
      }
      const count = before.turns.length + session.turns.length;
      try {
        await writeFile(path, transcriptMarkdown(session, ctx.now(), before), { mode: 0o600 });
      } catch (err) {
        throw new UsageError(`/save ${forTerminal(arg)}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
      }
      say(`saved ${count} turn${count === 1 ? '' : 's'} to ${forTerminal(path)}`);
      return DONE;
    }
    case 'edit':
      return { kind: 'edit' };
    default:
      return { kind: 'exit' };
  }
}

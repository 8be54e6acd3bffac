// tfy-llm chat: a conversation on the gateway's stored state. Flags, settings, attachments and the
// response to resume are checked before the first turn (the usual exit codes); then each message is
// one responses.create following the last (chat/session.ts), read from a terminal or a pipe (chat/loop.ts).
import { ChatSession, type Route } from '../../chat/session.ts';
import { chatLoop } from '../../chat/loop.ts';
import { earlierTurns } from '../../chat/earlier.ts';
import { openSource } from '../../chat/open-source.ts';
import { checkResumeProvider } from '../../chat/resume.ts';
import { TurnSignals } from '../../chat/turn-signal.ts';
import { checkAll } from '../../errors/problems.ts';
import { attachmentParts } from '../../request/attachments.ts';
import { bodyFields } from '../../request/create-flags.ts';
import { requireConnection, routeModel } from '../../config/settings.ts';
import { tfyMetadataHeaders } from '../../http/tfy-metadata.ts';
import { connect, settingsFor, type Connected } from '../../http/connect.ts';
import type { CommandDeps } from '../../spec/deps.ts';
import { checkOptions } from '../../spec/check.ts';
import type { ArgsOf, RawOptionsOf } from '../../spec/define.ts';
import { previousResponse } from '../../history/follow-up.ts';
import { openHistory } from '../../history/local.ts';
import { makeChalk } from '../../terminal/color.ts';
import { forTerminal } from '../../terminal/safe-text.ts';
import { spec } from './spec.ts';

export async function execute([words]: ArgsOf<typeof spec>, flags: RawOptionsOf<typeof spec>, deps: CommandDeps): Promise<number> {
  const settings = settingsFor(flags, deps);
  const connection = requireConnection(settings);
  const history = openHistory(flags, deps);

  const [opts, route, parts, , previous] = await checkAll([
    () => checkOptions(spec, flags),
    () => routeModel(settings, flags.provider),
    () => attachmentParts(flags.image ?? [], flags.file ?? [], flags.imageDetail),
    () => tfyMetadataHeaders(flags.tfyMetadata, settings.headers),
    () => previousResponse(flags.resume === undefined ? flags : { ...flags, continue: false, previous: flags.resume }, settings, deps),
  ] as const);
  const resumeFrom = previous.previous_response_id;
  if (resumeFrom !== undefined) await checkResumeProvider(resumeFrom, route, history.path, history.onCorrupt);

  const signals = new TurnSignals(deps);
  const sessionDeps = signals.deps;
  const clients = new Map<string, Promise<Connected>>();
  const connectFor = (provider: string | undefined): Promise<Connected> => {
    const key = provider ?? '';
    let client = clients.get(key);
    if (!client) {
      // A chat lasts as long as the person types: --timeout bounds each turn, not the session.
      client = connect(connection, settings, provider, opts, sessionDeps, 'request');
      clients.set(key, client);
    }
    return client;
  };
  // The key (and an api-key-command) is a setup problem: found out before the first turn.
  const connected = await connectFor(route.provider);

  const { instructions, store: _store, ...fields } = bodyFields(opts);
  const session = new ChatSession({
    connect: connectFor,
    settings,
    route,
    instructions,
    fields,
    params: opts.param,
    resumeFrom,
    opts: { ...opts, stream: true },
    deps: sessionDeps,
  });
  session.pending = { parts, names: [...(opts.image ?? []), ...(opts.file ?? [])].sort((a, b) => a.position - b.position).map((a) => a.ref) };

  const { io } = deps;
  const noColor = opts.color === false;
  const chalk = makeChalk(io.stderr, io.env, noColor);
  const say = (text: string): void => void io.stderr.write(`${chalk.dim(text)}\n`);
  const source = await openSource(io, deps.cwd, deps.profiles, {
    nul: opts.null === true,
    noColor,
    secrets: connected.secrets,
    say,
    historyPath: history.path,
    currentModel: () => session.route.model,
  });
  const slash = {
    session,
    say,
    routeFor: (model: string): Route => routeModel({ ...settings, model: { value: model, source: 'flag', origin: '/model' } }, opts.provider),
    imageDetail: opts.imageDetail,
    terminal: source.interactive,
    now: () => new Date(deps.now()),
    cwd: deps.cwd,
    earlier: async (id: string) => earlierTurns(await connectFor(session.route.provider), id, sessionDeps.signal),
  };
  if (source.interactive) {
    say(`chat with ${forTerminal(route.model)}${resumeFrom ? `, following ${forTerminal(resumeFrom)}` : ''} · /help for commands · Ctrl-D to leave`);
  }
  const first = words.length > 0 ? words.join(' ') : undefined;
  try {
    return await chatLoop(session, source, first, slash, {
      io,
      signal: deps.signal,
      startTurn: () => signals.start(),
      endTurn: () => signals.end(),
      noColor,
      verbose: opts.verbose === true,
      say,
    });
  } finally {
    source.close();
    const last = session.lastId;
    if (source.interactive && last) say(`to go on with this conversation: tfy-llm chat --resume ${forTerminal(last)}`);
  }
}

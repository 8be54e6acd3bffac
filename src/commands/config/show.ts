// tfy-llm config show [name]: every resolved setting and where it came from; the key masked.
import { forTerminal } from '../../terminal/safe-text.ts';
import { maskKey, redactHeaders } from '../../terminal/redact.ts';
import { parseHeaders, type SettingSource, type Sourced } from '../../config/settings.ts';
import { settingsFor } from '../../http/connect.ts';
import type { CommandDeps } from '../../spec/deps.ts';
import { profileStore, requireProfile } from '../../config/shared.ts';
import { checkOptions } from '../../spec/check.ts';
import type { ArgsOf, RawOptionsOf } from '../../spec/define.ts';
import { show } from './spec.ts';

interface Row {
  value: string | null;
  source: SettingSource | 'default' | null;
  origin: string | null;
}

export async function execute([name]: ArgsOf<typeof show>, given: RawOptionsOf<typeof show>, deps: CommandDeps): Promise<number> {
  const opts = checkOptions(show, given);
  const store = profileStore(deps);
  if (name !== undefined) requireProfile(store, name);
  const settings = settingsFor(name === undefined ? opts : { ...opts, profile: name }, deps);

  const key = settings.apiKey;
  const apiKey: Row = !key
    ? none()
    : key.value.kind === 'value'
      ? { value: maskKey(key.value.key), source: key.source, origin: key.origin }
      // The command is not run here: it runs only when a request needs the key.
      : { value: `(from api-key-command: ${key.value.command})`, source: key.source, origin: key.origin };

  const fromFlags = parseHeaders(opts.header ?? []);
  const headers = Object.entries(redactHeaders(settings.headers)).map(([header, value]): [string, Row] => {
    const flag = Object.hasOwn(fromFlags, header);
    return [header, { value, source: flag ? 'flag' : 'profile', origin: flag ? '-H' : `profile ${settings.profile?.value ?? ''}` }];
  });
  const history = store.globalSetting('history');

  const rows: [string, Row][] = [
    ['profile', row(settings.profile)],
    ['base-url', row(settings.baseURL)],
    ['api-key', apiKey],
    ['provider', row(settings.provider)],
    ['model', row(settings.model)],
  ];
  if (opts.json) {
    const doc = {
      ...Object.fromEntries(rows),
      headers: Object.fromEntries(headers),
      history: { value: history ?? 'on', source: history ? 'config' : 'default', origin: history ? store.path : null },
      'config-file': store.path,
    };
    deps.io.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
    return 0;
  }
  const lines: [string, Row][] = [
    ...rows,
    ...headers.map(([header, value]): [string, Row] => ['header', { ...value, value: `${header}: ${value.value}` }]),
    ['history', { value: history ?? 'on', source: history ? 'profile' : 'default', origin: history ? 'config' : 'default' }],
    ['config', { value: store.path, source: null, origin: store.exists() ? null : 'not created yet' }],
  ];
  const width = Math.max(...lines.map(([label]) => label.length));
  const valueWidth = Math.max(...lines.map(([, r]) => (r.value ?? '(not set)').length));
  for (const [label, r] of lines) {
    const origin = r.origin ? `  ${r.origin}` : '';
    deps.io.stdout.write(forTerminal(`${label.padEnd(width)}  ${(r.value ?? '(not set)').padEnd(origin ? valueWidth : 0)}${origin}\n`));
  }
  return 0;
}

function row(sourced: Sourced<string> | undefined): Row {
  return sourced ? { value: sourced.value, source: sourced.source, origin: sourced.origin } : none();
}

function none(): Row {
  return { value: null, source: null, origin: null };
}

// tfy-llm config init [name]: guided setup on a terminal; elsewhere, the command to run instead.
import { CliError, UsageError } from '../../errors/errors.ts';
import { makeChalk } from '../../terminal/color.ts';
import { forTerminal } from '../../terminal/safe-text.ts';
import { inquirerPrompter } from '../../terminal/prompt.ts';
import { PROFILE_NAME } from '../../config/check.ts';
import { maskKey } from '../../terminal/redact.ts';
import type { Profile } from '../../config/settings.ts';
import { wireFor } from '../../http/connect.ts';
import type { CommandDeps } from '../../spec/deps.ts';
import { SAAS_URL, askBaseUrl, askKey, askWord, pickModel } from '../../config/init-questions.ts';
import { checkName, profileStore } from '../../config/shared.ts';
import { checkOptions } from '../../spec/check.ts';
import type { ArgsOf, RawOptionsOf } from '../../spec/define.ts';
import { init } from './spec.ts';

export async function execute([named]: ArgsOf<typeof init>, flags: RawOptionsOf<typeof init>, deps: CommandDeps): Promise<number> {
  const opts = checkOptions(init, flags);
  const given = named === undefined ? undefined : checkName(named);
  if (!deps.io.stdin.isTTY) {
    throw new UsageError('config init asks its questions on a terminal, and stdin is not one', {
      hint: `to set up without questions, run: printf '%s' "$TFY_API_KEY" | tfy-llm config add ${given ?? 'default'} --base-url ${SAAS_URL} --api-key-stdin --provider <provider> --model <model> --use`,
    });
  }
  const store = profileStore(deps);
  store.data(); // a config file that cannot be read stops here, before any question
  const prompt = deps.prompt ?? inquirerPrompter(deps.io);
  const chalk = makeChalk(deps.io.stderr, deps.io.env, opts.color === false);

  const name = given ?? (await prompt.input({
    message: 'Profile name',
    default: store.activeName() ?? 'default',
    validate: (value) => (PROFILE_NAME.test(value.trim()) ? true : 'letters, digits, ".", "_" and "-", e.g. dev or prod'),
  })).trim();
  const existing = store.read(name) ?? {};
  if (store.read(name)) deps.io.stderr.write(chalk.dim(`Profile "${name}" exists: its current values are the defaults.\n`));

  const profile: Profile = { ...existing, 'base-url': await askBaseUrl(prompt, existing['base-url']) };
  const key = await askKey(prompt, existing);
  delete profile['api-key'];
  delete profile['api-key-command'];
  Object.assign(profile, key);
  // One yes covers both requests: listing the models to pick from, and the test call at the end.
  const online = await prompt.confirm({ message: 'Connect to the gateway now (list its models to pick from, then send a test request)?', default: true });
  const ids = online ? await listedModels(name, profile, deps, chalk) : [];
  const picked = ids.length ? await pickModel(prompt, ids, existing.model) : undefined;
  if (picked === undefined) {
    setOrDrop(profile, 'provider', await askWord(prompt, 'provider', existing.provider));
    setOrDrop(profile, 'model', await askWord(prompt, 'model', existing.model, profile.provider));
  } else if (picked === 'none') {
    delete profile.model;
  } else {
    setOrDrop(profile, 'provider', picked.provider);
    profile.model = picked.model;
  }

  if (online) {
    const passed = await testCall(name, profile, deps, chalk);
    if (!passed && !(await prompt.confirm({ message: 'The test failed. Save the profile anyway?', default: false }))) {
      throw new CliError('nothing was saved', { hint: `run tfy-llm config init ${name} again, or tfy-llm doctor for details` });
    }
  }
  await store.update((data) => {
    data.profiles[name] = profile;
    data.active = name;
  });
  const shown = profile['api-key'] ? `, key ${maskKey(profile['api-key'])}` : '';
  deps.io.stderr.write(`${chalk.green('✓')} saved profile "${name}"${shown} in ${store.path}; it is now active\n`);
  deps.io.stderr.write(chalk.dim(`Try: tfy-llm create "hello"${profile.model ? '' : ' --model <provider/model>'}\n`));
  return 0;
}

function setOrDrop(profile: Profile, key: 'provider' | 'model', value: string | undefined): void {
  if (value) profile[key] = value;
  else delete profile[key];
}

/** The `provider/model` names the gateway lists, asked with the answers given; none (and a line why) on any trouble. */
async function listedModels(name: string, profile: Profile, deps: CommandDeps, chalk: ReturnType<typeof makeChalk>): Promise<string[]> {
  const [{ resolveSettings }, { loadModels }, { fullId }] = await Promise.all([
    import('../../config/settings.ts'),
    import('../../models/load.ts'),
    import('../../models/list.ts'),
  ]);
  const settings = resolveSettings({}, {}, { activeName: () => name, read: () => profile });
  try {
    const loaded = await loadModels(settings, { timeout: 15, maxRetries: 0 }, deps, { refresh: true });
    return [...new Set(loaded?.list.data.map(fullId) ?? [])];
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    deps.io.stderr.write(chalk.dim(`could not list the models (${forTerminal(message)}): type the names instead\n`));
    return [];
  }
}

/** The gateway checks of `doctor`, against the answers given; prints one line per check on stderr. */
async function testCall(name: string, profile: Profile, deps: CommandDeps, chalk: ReturnType<typeof makeChalk>): Promise<boolean> {
  const [{ checkKey }, { probeGateway }, { checkLine }, { resolveSettings, routeModel }] = await Promise.all([
    import('../../doctor/local.ts'),
    import('../../doctor/gateway.ts'),
    import('../../doctor/lines.ts'),
    import('../../config/settings.ts'),
  ]);
  // Only the answers count here, not the environment.
  const settings = resolveSettings({}, {}, { activeName: () => name, read: () => profile });
  const { check: keyCheck, apiKey } = await checkKey(settings);
  const checks = [keyCheck];
  if (apiKey && settings.baseURL) {
    const route = settings.model ? routeModel(settings, undefined) : { model: undefined, provider: settings.provider?.value };
    // Through the proxy, when one is set, like every other request.
    const { fetch } = await wireFor({ baseURL: settings.baseURL.value, apiKey, timeoutMs: 15_000, maxRetries: 0 }, {}, deps);
    checks.push(...(await probeGateway({ baseURL: settings.baseURL.value, apiKey, ...route, headers: settings.headers, timeoutMs: 15_000, now: deps.now, signal: deps.signal, fetch })));
  }
  for (const check of checks) deps.io.stderr.write(`${checkLine(check, chalk)}\n`);
  return checks.every((check) => check.status === 'ok');
}

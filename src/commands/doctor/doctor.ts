// tfy-llm doctor: one line per check, each with a fix; exit 0 only when every check passes.
import { checkLine } from '../../doctor/lines.ts';
import { checkComplete, checkConfigFile, checkKey, skipped, type Check } from '../../doctor/local.ts';
import { ExitCode } from '../../errors/errors.ts';
import { makeChalk } from '../../terminal/color.ts';
import { routeModel, type Settings } from '../../config/settings.ts';
import { profileStore } from '../../config/shared.ts';
import { settingsFor, wireFor } from '../../http/connect.ts';
import type { CommandDeps } from '../../spec/deps.ts';
import { checkOptions } from '../../spec/check.ts';
import type { ArgsOf, OptionsOf, RawOptionsOf } from '../../spec/define.ts';
import { spec } from './spec.ts';

type DoctorOptions = OptionsOf<typeof spec>;

const DEFAULT_TIMEOUT_MS = 10_000;

export async function execute(_args: ArgsOf<typeof spec>, given: RawOptionsOf<typeof spec>, deps: CommandDeps): Promise<number> {
  const opts = checkOptions(spec, given);
  const checks = await runChecks(opts, deps);
  const failed = checks.find((check) => check.status !== 'ok');
  const exitCode = failed ? (failed.exitCode ?? ExitCode.failure) : ExitCode.ok;
  if (opts.json) {
    deps.io.stdout.write(`${JSON.stringify({ ok: !failed, exit_code: exitCode, checks: checks.map(toJson) }, null, 2)}\n`);
  } else {
    const chalk = makeChalk(deps.io.stdout, deps.io.env, opts.color === false);
    const width = Math.max(...checks.map((check) => check.name.length));
    for (const check of checks) deps.io.stdout.write(`${checkLine(check, chalk, width)}\n`);
  }
  return exitCode;
}

async function runChecks(opts: DoctorOptions, deps: CommandDeps): Promise<Check[]> {
  const store = profileStore(deps);
  const config = checkConfigFile(store);
  const rest: [string, string][] = [['profile', 'profile complete'], ['key', 'key present'], ['reachable', 'gateway reachable'], ['key-accepted', 'key accepted'], ['routing', 'provider routing']];
  if (config.status === 'fail') return [config, ...rest.map(([id, name]) => skipped(id, name, 'the config file cannot be used'))];

  let settings: Settings;
  try {
    settings = settingsFor(opts, deps);
  } catch (err) {
    const error = err as { message: string; hint?: string; exitCode?: number };
    const profile: Check = { id: 'profile', name: 'profile complete', status: 'fail', detail: error.message, fix: error.hint, exitCode: error.exitCode ?? ExitCode.config };
    return [config, profile, ...rest.slice(1).map(([id, name]) => skipped(id, name, 'the settings are incomplete'))];
  }
  const complete = checkComplete(settings);
  const { check: key, apiKey } = await checkKey(settings);
  if (!apiKey || !settings.baseURL) {
    const why = !settings.baseURL ? 'no base URL' : 'no key';
    return [config, complete, key, ...rest.slice(2).map(([id, name]) => skipped(id, name, why))];
  }
  const route = settings.model ? routeModel(settings, opts.provider) : { model: undefined, provider: settings.provider?.value };
  const { probeGateway } = await import('../../doctor/gateway.ts');
  const timeoutMs = opts.timeout === undefined ? DEFAULT_TIMEOUT_MS : Math.round(opts.timeout * 1000);
  const wire = await wireFor({ baseURL: settings.baseURL.value, apiKey, timeoutMs, maxRetries: 0 }, opts, deps);
  const network = await probeGateway({
    fetch: wire.fetch,
    proxy: wire.proxy,
    // An explicit --timeout bounds the whole of doctor, as every command; the default bounds each check.
    commandDeadline: opts.timeout === undefined ? undefined : AbortSignal.timeout(timeoutMs),
    lastRequest: wire.last,
    baseURL: settings.baseURL.value,
    apiKey,
    provider: route.provider,
    model: route.model,
    headers: settings.headers,
    timeoutMs,
    now: deps.now,
    signal: deps.signal,
  });
  return [config, complete, key, ...network];
}

function toJson(check: Check) {
  return { id: check.id, name: check.name, status: check.status, detail: check.detail, fix: check.fix ?? null, ms: check.ms ?? null };
}

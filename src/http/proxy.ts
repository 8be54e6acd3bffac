// HTTPS_PROXY / HTTP_PROXY / NO_PROXY, as curl and most CLIs honour them. Node's fetch ignores
// them, so when one is set we send through undici's EnvHttpProxyAgent; undici loads only then.
import { ConfigError } from '../errors/errors.ts';
import type { Env } from '../terminal/io.ts';
import { NODE_FETCH_LIMIT_MS } from './timeouts.ts';
import type { Fetch } from './verbose.ts';

export interface ProxySettings {
  httpProxy: string;
  httpsProxy: string;
  noProxy: string;
}

/** The proxy variables from the command's environment; lower-case first, as curl reads them. */
export function proxySettings(env: Env): ProxySettings | undefined {
  const variable = (name: string): string => (env[name.toLowerCase()] !== undefined ? name.toLowerCase() : name.toUpperCase());
  const read = (name: string): string => (env[variable(name)] ?? '').trim();
  const settings = { httpProxy: read('http_proxy'), httpsProxy: read('https_proxy'), noProxy: read('no_proxy') };
  checkProxyUrl(settings.httpProxy, variable('http_proxy'));
  checkProxyUrl(settings.httpsProxy, variable('https_proxy'));
  return settings.httpProxy || settings.httpsProxy ? settings : undefined;
}

/** A proxy variable that is not an http(s) URL is named, its credentials hidden, before anything is sent. */
function checkProxyUrl(value: string, name: string): void {
  if (value === '') return;
  let parsed: URL | undefined;
  try {
    parsed = new URL(value);
  } catch {
    parsed = undefined;
  }
  if (parsed && (parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.hostname !== '') return;
  // user:password@ before the host never reaches the message.
  const shown = value.replace(/^([a-z][a-z0-9+.-]*:\/\/)?[^@/]*@/i, '$1…@');
  throw new ConfigError(`${name} is not an http(s) proxy URL: ${JSON.stringify(shown)}`, {
    hint: `set it to http://host:port (curl's form), or unset ${name}`,
  });
}

/** The proxy a request to `url` goes through, credentials removed, or undefined when it goes direct. */
export function proxyFor(url: string, settings: ProxySettings | undefined): string | undefined {
  if (!settings) return undefined;
  const target = new URL(url);
  const proxy = target.protocol === 'https:' ? settings.httpsProxy || settings.httpProxy : settings.httpProxy;
  if (!proxy || bypassed(target, settings.noProxy)) return undefined;
  try {
    const parsed = new URL(proxy);
    parsed.username = '';
    parsed.password = '';
    return parsed.origin;
  } catch {
    return proxy;
  }
}

export interface ProxyFetchOptions {
  /** undici's own header and body timeouts, raised when ours are longer (0 turns them off). */
  headersTimeout?: number | undefined;
  bodyTimeout?: number | undefined;
}

/** A fetch that routes by the proxy settings. Values are passed explicitly so process.env is never consulted. */
export async function proxyFetch(settings: ProxySettings, options: ProxyFetchOptions = {}): Promise<Fetch> {
  // undici is CommonJS: its exports are the module's default both in Node and in the bundle.
  const { EnvHttpProxyAgent, fetch: undiciFetch } = (await import('undici')).default;
  const agent = new EnvHttpProxyAgent({
    httpProxy: settings.httpProxy,
    httpsProxy: settings.httpsProxy,
    noProxy: settings.noProxy,
    // Plain-http targets go as absolute-URI requests, as curl sends them; https targets still use CONNECT.
    proxyTunnel: false,
    ...(options.headersTimeout === undefined ? {} : { headersTimeout: options.headersTimeout }),
    ...(options.bodyTimeout === undefined ? {} : { bodyTimeout: options.bodyTimeout }),
  });
  const routed = (input: Parameters<Fetch>[0], init?: Parameters<Fetch>[1]) =>
    // The same fetch, typed twice: Node's global types and undici's own describe one request differently.
    undiciFetch(input as Parameters<typeof undiciFetch>[0], { ...(init as object), dispatcher: agent } as Parameters<typeof undiciFetch>[1]);
  return routed as unknown as Fetch;
}

/** NO_PROXY: `*`, host names (a leading dot or not, subdomains match), optional :port. Mirrors undici's rule. */
function bypassed(target: URL, noProxy: string): boolean {
  const entries = noProxy.split(/[,\s]+/).filter(Boolean);
  if (entries.includes('*')) return true;
  const host = target.hostname.toLowerCase();
  const port = Number(target.port) || (target.protocol === 'https:' ? 443 : 80);
  return entries.some((entry) => {
    const match = /^(.*?)(?::(\d+))?$/.exec(entry.toLowerCase().replace(/^\*?\./, ''));
    const name = match?.[1] ?? '';
    if (match?.[2] && Number(match[2]) !== port) return false;
    return host === name || host.endsWith(`.${name}`);
  });
}

/**
 * The fetch to send with: Node's own, unless a proxy is set or --timeout outlasts Node's fetch limits
 * (then undici's agent, with its timeouts off: ours apply). Undefined means Node's fetch.
 */
export async function transportFor(env: Env, timeoutMs: number): Promise<Fetch | undefined> {
  const settings = proxySettings(env);
  const long = timeoutMs > NODE_FETCH_LIMIT_MS - 10_000;
  if (!settings && !long) return undefined;
  return proxyFetch(settings ?? { httpProxy: '', httpsProxy: '', noProxy: '' }, long ? { headersTimeout: 0, bodyTimeout: 0 } : {});
}

// One set of secrets per run: the key, credential headers, a password in a URL, proxy credentials.
// Whatever the CLI sends on the user's behalf is added here as soon as it is known, and every output
// (main.ts wraps stdout and stderr) is scrubbed against the whole set, whatever wrote it: an error
// from the SDK, a gateway that echoes a header, --verbose, --dry-run or doctor.
import { isCredentialHeader, maskKey } from './redact.ts';

// Shorter values would mask ordinary words; a credential is never this short.
const MIN_LENGTH = 6;

export class Secrets {
  readonly #values = new Set<string>();
  #sorted: string[] = [];

  /** A value never to be printed; also its trimmed form and its words, so a key with a stray line break is caught however it is cut. */
  add(value: string | undefined): void {
    if (!value) return;
    const forms = [value, value.trim(), ...value.split(/[\s\u0000-\u001f\u007f]+/)];
    for (const form of forms) if (form.length >= MIN_LENGTH) this.#addWhole(form);
  }

  /** The value of a credential header, and the token after its scheme (`Bearer <token>`). */
  addHeader(name: string, value: string): void {
    if (!isCredentialHeader(name)) return;
    const scheme = /^\s*(?:Bearer|Basic|Token|Digest|ApiKey)\s+(.+)$/i.exec(value);
    // The token alone: masked in place, the scheme stays readable (`Bearer tfy-…d2f0`).
    if (scheme) {
      this.#addWhole(scheme[1]?.trim());
    } else {
      this.add(value);
    }
  }

  addHeaders(headers: Readonly<Record<string, string>>): void {
    for (const [name, value] of Object.entries(headers)) this.addHeader(name, value);
  }

  /** The password of a URL (a base URL or a proxy), decoded and as written. */
  addUrl(url: string | undefined): void {
    if (!url) return;
    try {
      const parsed = new URL(url);
      this.#addWhole(parsed.password);
      this.#addWhole(safeDecode(parsed.password));
      // What goes out as `Proxy-Authorization: Basic …`.
      if (parsed.password) this.#addWhole(btoa(`${safeDecode(parsed.username)}:${safeDecode(parsed.password)}`));
    } catch {
      // Not a URL: nothing to take from it.
    }
  }

  values(): readonly string[] {
    return this.#sorted;
  }

  scrub(text: string): string {
    let out = text;
    for (const secret of this.#sorted) if (out.includes(secret)) out = out.split(secret).join(maskKey(secret));
    return out;
  }

  #addWhole(value: string | undefined): void {
    // A password in a URL may be short; masking it costs a few ordinary words at worst, printing it costs the account.
    if (!value || value.length < 4 || this.#values.has(value)) return;
    this.#values.add(value);
    // As it appears inside JSON (the --json error line, a gateway's error body): `"` and `\` escaped.
    const escaped = JSON.stringify(value).slice(1, -1);
    if (escaped !== value) this.#values.add(escaped);
    // Longest first, so a value is masked whole before a part of it could be.
    this.#sorted = [...this.#values].sort((a, b) => b.length - a.length);
  }
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** `https://user:****@host/…`: a URL safe to print. */
export function maskUrlCredentials(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)([^/?#@]*)@/i, (_all, scheme: string, userinfo: string) => {
    const colon = userinfo.indexOf(':');
    return colon < 0 ? `${scheme}****@` : `${scheme}${userinfo.slice(0, colon)}:****@`;
  });
}

/** What an output needs to be scrubbed (io.ts's OutStream is one; io.ts imports this file, not the reverse). */
interface Writable {
  write(chunk: string): boolean;
}

const RAW = Symbol('the stream under the scrubbing');

/**
 * The stream a scrubbed output wraps. ora replaces the `write` of the stream it spins on (and of
 * process.stderr) to clear its line first: given the wrapper, its hook would call the wrapper, which
 * calls the hooked stream, and so on for ever. It gets the stream itself; writes through the wrapper
 * still reach ora's hook, scrubbed.
 */
export function unscrubbed<T extends Writable>(stream: T): T {
  return ((stream as unknown as Record<symbol, unknown>)[RAW] as T | undefined) ?? stream;
}

/** The same stream, every string written to it scrubbed first; its other members are the stream's own. */
export function scrubbedOutput<T extends Writable>(stream: T, secrets: Secrets): T {
  const write = (chunk: string | Uint8Array): boolean =>
    (stream.write as (chunk: string | Uint8Array) => boolean).call(stream, typeof chunk === 'string' ? secrets.scrub(chunk) : chunk);
  return new Proxy(stream, {
    get(target, property) {
      if (property === RAW) return target;
      if (property === 'write') return write;
      const value: unknown = Reflect.get(target, property);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

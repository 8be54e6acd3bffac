// Keys are values to pass on, never to print.

/** `tfy-…d2f0`: enough to tell keys apart, never enough to use one. */
export function maskKey(key: string): string {
  if (key.length < 12) return '…';
  const dash = key.indexOf('-');
  const prefix = dash > 0 && dash <= 6 ? key.slice(0, dash + 1) : '';
  return `${prefix}…${key.slice(-4)}`;
}

/** Header names whose values are credentials: Authorization, Proxy-Authorization, X-Api-Key, X-Auth-Token, Cookie… */
export function isCredentialHeader(name: string): boolean {
  return /(^|[-_])(authorization|auth|token|api-?key|key|secret|password|passwd|cookie|session|credentials?|signature)($|[-_])/i.test(name);
}

export function redactHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    out[name] = isCredentialHeader(name) ? redactValue(value) : value;
  }
  return out;
}

function redactValue(value: string): string {
  const bearer = /^(Bearer|Basic)\s+(.+)$/i.exec(value);
  return bearer ? `${bearer[1]} ${maskKey(bearer[2] ?? '')}` : maskKey(value);
}

/** Last line of defence: removes a known key from any text before it is shown. */
export function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    // (includes first: an answer rarely holds a key, and a batch scrubs every one of them.)
    if (secret.length >= 4 && out.includes(secret)) out = out.split(secret).join(maskKey(secret));
  }
  return out;
}

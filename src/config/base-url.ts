// What makes a base URL usable, checked in one place for every way it arrives (flag, environment,
// profile, `config add/set`, the guided setup): http(s), and no user name or password in it (it would be
// printed in messages, and the key belongs in api-key). The value is never quoted when it holds one.

export const BASE_URL_HINT = 'use e.g. https://gateway.truefoundry.ai or https://<control-plane>/api/llm';
export const CREDENTIALS_PROBLEM = 'must not hold a user name or password; put the key in api-key';

export type BaseUrlProblem = 'not a URL' | 'not an http(s) URL' | 'credentials' | 'fragment' | 'query';

export function baseUrlProblem(value: string): BaseUrlProblem | undefined {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return 'not a URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'not an http(s) URL';
  if (url.username || url.password) return 'credentials';
  // Every request URL is the base URL plus a path: a #fragment or ?query would end up in the middle of it.
  if (url.hash) return 'fragment';
  if (url.search) return 'query';
  return undefined;
}

/** For a base URL with a #fragment or ?query: what to say, and the URL without it. */
export function extraPart(value: string): { message: string; bare: string } {
  const url = new URL(value.trim());
  const what = url.hash ? `a #fragment (${url.hash})` : `a ?query (${url.search})`;
  return { message: `has ${what}, which cannot be part of a base URL`, bare: trimBaseUrl(`${url.origin}${url.pathname}`) };
}

/** A trailing `/` dropped: the SDK appends each path to the root as given. */
export function trimBaseUrl(value: string): string {
  return value.trim().replace(/\/+$/, '');
}

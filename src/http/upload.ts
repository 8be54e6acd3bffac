// A body written to a file (a FileBody: a large attachment) goes out through node:http (node-fetch.ts),
// read from disk one buffer at a time; every other request through fetch.
import { FileBody } from '../request/file-body.ts';
import { nodeFetch } from './node-fetch.ts';
import type { Fetch } from './verbose.ts';

/** `inner` for every request but those whose body is a FileBody. */
export function withUploads(inner: Fetch): Fetch {
  return (input, init) => (init?.body instanceof FileBody ? nodeFetch(input, init) : inner(input, init));
}

// What a gateway's answer says about itself in its headers, read in one place.

interface HeadersLike {
  get(name: string): string | null;
}

/** The request id an answer's headers carry, under any of the names gateways use. */
export function requestIdIn(headers: HeadersLike): string | undefined {
  return headers.get('x-request-id') ?? headers.get('x-tfy-request-id') ?? headers.get('request-id') ?? undefined;
}

/** The model TrueFoundry actually routed to (x-tfy-resolved-model), when it says. */
export function resolvedModelIn(headers: HeadersLike): string | undefined {
  return headers.get('x-tfy-resolved-model') ?? undefined;
}

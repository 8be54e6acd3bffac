// What a gateway sends, typed from the openai SDK's own types but read as untrusted: every field may be
// missing or null, an item or event of any type may carry any field its kind can have (so one that
// is new, or from another provider, still shows as what it is), and literal values are widened (a
// status or type the SDK does not know yet is still a string). Code narrows with typeof before use.
import type { Response, ResponseItem, ResponseOutputItem, ResponseStreamEvent } from 'openai/resources/responses/responses';

type Primitive = string | number | boolean | bigint | symbol | null | undefined;
type Widened<T> = T extends string ? string : T extends number ? number : T extends boolean ? boolean : T;
type KeysOfUnion<T> = T extends unknown ? keyof T : never;
type ValueIn<T, K extends PropertyKey> = T extends unknown ? (K extends keyof T ? T[K] : never) : never;
type Flat<T> = { [K in KeysOfUnion<T>]?: Untrusted<ValueIn<T, K>> | null };
type Objects<T> = Exclude<T, Primitive | readonly unknown[]>;
type Lists<T> = Extract<T, readonly unknown[]>;

export type Untrusted<T> =
  | Widened<Extract<T, Primitive>>
  | ([Lists<T>] extends [never] ? never : Lists<T> extends readonly (infer U)[] ? Untrusted<U>[] : never)
  | ([Objects<T>] extends [never] ? never : Flat<Objects<T>>);

/** A Response object as received. */
export type ResponseLike = Flat<Response>;
/** An item of a response's output. */
export type OutputItemLike = Flat<ResponseOutputItem>;
/** An input item, as input-items lists them. */
export type InputItemLike = Flat<ResponseItem>;
/** A stream event: its type is known (isEvent checked it), the rest is as received. */
export type StreamEvent = Flat<ResponseStreamEvent> & { readonly type: string };

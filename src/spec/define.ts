// A command's spec: its commander definition (name, arguments, flags, help) and, flag by flag, the zod
// schema of what the flag means, side by side in one entry. The program builds commander from it
// (program/), and the command's execute() gets options checked by it, typed by inference: adding a flag
// is one entry plus its use, and tsc refuses an entry whose flag and schema disagree (the flag must be
// the long form of the entry's key, and the schema must accept what commander hands over).
import type * as z from 'zod/mini';

/** `maxOutputTokens` → `max-output-tokens`: how commander names an option's value after its long flag. */
type Kebab<S extends string> = S extends `${infer C}${infer Rest}`
  ? `${C extends Lowercase<C> ? C : `-${Lowercase<C>}`}${Kebab<Rest>}`
  : S;

/** The flags text commander stores under key K: `-m, --model <id>`, `--no-store`, `--top-p <0..1>`. */
export type FlagsFor<K extends string> = `${'' | `-${string}, `}--${'' | 'no-'}${Kebab<K>}${'' | ` ${string}`}`;

/** What commander hands over for a flag without a parser: a string for `<value>`, else a switch. */
type RawOf<F extends string> = F extends `${string}<${string}` ? string : boolean;

/** The schema must take every value commander can give it, and undefined (a flag not given) unless the flag is required. */
type Accepting<S extends z.ZodMiniType, V, Missing = undefined> = [V | Missing] extends [z.input<S>] ? S : { 'the schema does not accept the flag\'s value': V };

export interface OptionSpec<V = unknown, S extends z.ZodMiniType = z.ZodMiniType, F extends string = string> {
  readonly flags: F;
  readonly description: string;
  readonly schema: S;
  /** Turns the text after the flag (and the value so far, for repeatable flags) into the value. (A method, so specs of any V share one bound.) */
  parse?(value: string, previous: V | undefined): V;
  readonly choices?: readonly string[] | undefined;
  readonly default?: V | undefined;
  readonly hidden?: boolean | undefined;
  /** Another option's key that cannot be given with this one. */
  readonly conflicts?: string | undefined;
  readonly required?: boolean | undefined;
  /** A switch that also has a `--no-` form (`--stream` / `--no-stream`): that form's description. */
  readonly negation?: string | undefined;
  /** Only for the types: what commander hands over. */
  readonly raw?: V;
}

interface OptionExtras<V> {
  choices?: readonly string[];
  negation?: string;
  default?: V;
  hidden?: boolean;
  conflicts?: string;
}

/** A flag whose value is the text after it (`<value>`) or a switch, checked by `schema`. */
export function option<const F extends string, S extends z.ZodMiniType>(
  flags: F,
  description: string,
  schema: S & Accepting<S, RawOf<F>>,
  extras: OptionExtras<RawOf<F>> = {},
): OptionSpec<RawOf<F>, S, F> {
  return { flags, description, schema, ...extras };
}

/** A flag that must be given (commander says so when it is not), its value checked by `schema`. */
export function requiredOption<const F extends string, S extends z.ZodMiniType>(
  flags: F,
  description: string,
  schema: S & Accepting<S, RawOf<F>, never>,
): OptionSpec<RawOf<F>, S, F> {
  return { flags, description, schema, required: true };
}

/** A flag whose text commander turns into a value with `parse` (numbers, repeatable flags), checked by `schema`. */
export function parsedOption<V, S extends z.ZodMiniType, const F extends string>(
  flags: F,
  description: string,
  parse: (value: string, previous: V | undefined) => V,
  schema: S & Accepting<S, V>,
  extras: OptionExtras<V> = {},
): OptionSpec<V, S, F> {
  return { flags, description, schema, parse, ...extras };
}

/** A flag whose value must be one of `choices` (commander refuses any other), checked by `schema`. */
export function choiceOption<const F extends string, const C extends readonly string[], S extends z.ZodMiniType>(
  flags: F,
  description: string,
  choices: C,
  schema: S & Accepting<S, C[number]>,
  extras: Omit<OptionExtras<C[number]>, 'choices'> = {},
): OptionSpec<C[number], S, F> {
  return { flags, description, schema, choices, ...extras };
}

export interface ArgSpec<V = unknown> {
  /** `<id>`, `[name]`, `<ids...>`, `[prompt...]`. */
  readonly name: string;
  readonly description: string;
  readonly choices?: readonly string[] | undefined;
  readonly value?: V;
}

type ArgValue<N extends string> = N extends `${string}...${string}` ? string[] : N extends `<${string}` ? string : string | undefined;

/** A positional argument; its type follows from its name: `<id>` a string, `[name]` maybe one, `...` a list. */
export function arg<const N extends string>(name: N, description = '', choices?: readonly string[]): ArgSpec<ArgValue<N>> {
  return { name, description, choices };
}

export type Options = Record<string, OptionSpec>;

export interface Problem {
  message: string;
  hint?: string | undefined;
}

export interface CommandSpec<O extends Options = Options, A extends readonly ArgSpec[] = readonly ArgSpec[]> {
  /** The words that run it: `create`, `config add`. */
  readonly name: string;
  readonly description: string;
  readonly aliases?: readonly string[] | undefined;
  readonly args: A;
  readonly options: O;
  /** Help text after the flags: examples first. */
  readonly help?: string | undefined;
  /**
   * Checks across fields, after each field's own, with the fields that passed theirs (so any may be
   * missing); every problem is reported at once. (A method, so every spec fits CommandSpec.)
   */
  refine?(options: Partial<CheckedOptions<O>>, report: (problem: Problem) => void): void;
}

/** What commander hands over: each flag's raw value, or nothing. */
export type RawOptions<O extends Options> = { [K in keyof O]?: O[K] extends OptionSpec<infer V> ? V | undefined : never };
/** The zod object the flags' schemas make together. */
export type ShapeOf<O extends Options> = { -readonly [K in keyof O]: O[K]['schema'] };
/** What execute() gets: each flag's value as its schema gives it (z.infer of the flags' object). */
export type CheckedOptions<O extends Options> = z.infer<z.ZodMiniObject<ShapeOf<O>>>;
export type ArgValues<A extends readonly ArgSpec[]> = { -readonly [I in keyof A]: A[I] extends ArgSpec<infer V> ? V : never };

/** The options and arguments of a spec, as its execute() receives them. */
export type OptionsOf<C> = C extends { options: infer O extends Options } ? CheckedOptions<O> : never;
export type RawOptionsOf<C> = C extends { options: infer O extends Options } ? RawOptions<O> : never;
export type ArgsOf<C> = C extends { args: infer A extends readonly ArgSpec[] } ? ArgValues<A> : never;

/** A spec whose every option key names its own long flag (tsc says which one does not). */
export function defineCommand<const O extends Options, const A extends readonly ArgSpec[]>(
  spec: CommandSpec<O, A> & { options: { [K in keyof O]: O[K] & { flags: FlagsFor<K & string> } } },
): CommandSpec<O, A> {
  return spec;
}

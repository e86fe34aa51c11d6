/**
 * The one registry shape behind scorers, distributions, patterns, schedules and methods: named entries in
 * registration order, optional aliases, and errors that list the known names and say how to add one.
 */
import { fail } from '../errors.js';
import { describe } from './checks.js';

/** A name → entry map that explains itself on a typo. */
export class Registry<T> {
  readonly #entries = new Map<string, T>();
  readonly #aliases: ReadonlyMap<string, string>;

  /**
   * @param noun - What an entry is, for messages: `'scorer'`, `'pattern kind'`.
   * @param adder - The public function that registers one: `'registerScorer'`.
   * @param entries - The built-in entries, in order.
   * @param aliases - Alternative names (`{ snip: 'saliency' }`), not listed by {@link names}.
   */
  constructor(
    readonly noun: string,
    readonly adder: string,
    entries: Iterable<readonly [string, T]>,
    aliases: Readonly<Record<string, string>> = {},
  ) {
    for (const [name, entry] of entries) this.#entries.set(name, entry);
    this.#aliases = new Map(Object.entries(aliases));
  }

  /** Add or replace an entry. */
  set(name: string, entry: T): void {
    this.#entries.set(name, entry);
  }

  /** The registered names, in registration order (aliases not included). */
  names(): string[] {
    return [...this.#entries.keys()];
  }

  /**
   * The entry of a name or alias.
   *
   * @throws SparselandError `SPARSELAND__MASKS__UNKNOWN_NAME`: "fn: argument 'arg' must be a known <noun>
   *   (<names>); add one with <adder>(); got '<name>'."
   */
  get(name: unknown, fn: string, arg: string): T {
    const key = typeof name === 'string' ? (this.#aliases.get(name) ?? name) : undefined;
    const entry = key === undefined ? undefined : this.#entries.get(key);
    if (entry === undefined) {
      fail(
        'SPARSELAND__MASKS__UNKNOWN_NAME',
        fn,
        arg,
        `be a known ${this.noun} (${this.names().join(', ')}); add one with ${this.adder}()`,
        describe(name),
      );
    }
    return entry;
  }

  /**
   * Read a `{ kind, ... }` value (or, with `strings`, a bare kind name) and look its kind up.
   *
   * @param example - How a valid value looks, for the message when `value` is not an object.
   * @throws SparselandError `INVALID_ARGUMENT` when `value` is not an object (or a string, with `strings`)
   *   or its `kind` is not a string; `UNKNOWN_NAME` for an unknown kind.
   */
  lookup(
    value: unknown,
    fn: string,
    arg: string,
    opts: { example: string; strings: boolean },
  ): { entry: T; spec: Record<string, unknown> } {
    const obj = opts.strings && typeof value === 'string' ? { kind: value } : value;
    if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) {
      fail('SPARSELAND__MASKS__INVALID_ARGUMENT', fn, arg, `be ${opts.example}`, describe(value));
    }
    const kind = (obj as { kind?: unknown }).kind;
    if (typeof kind !== 'string') {
      fail(
        'SPARSELAND__MASKS__INVALID_ARGUMENT',
        fn,
        `${arg}.kind`,
        `be one of ${this.names().join(', ')}`,
        describe(kind),
      );
    }
    return { entry: this.get(kind, fn, `${arg}.kind`), spec: obj as Record<string, unknown> };
  }
}

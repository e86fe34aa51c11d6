/** Name globs for recipes: `*` matches any run of characters (dots included), `?` one character. */

/** A predicate for a glob. */
export function globMatcher(glob: string): (name: string) => boolean {
  const re = new RegExp(
    `^${glob
      .split('')
      .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
      .join('')}$`,
  );
  return (name) => re.test(name);
}

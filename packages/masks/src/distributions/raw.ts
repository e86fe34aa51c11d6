/** Raw density weights of ER and ERK (spec §3). */

/** ERK: `(Σ shape_i / Π shape_i)^power`. */
export function erkRaw(shape: readonly number[], power: number): number {
  const sum = shape.reduce((a, b) => a + b, 0);
  const prod = shape.reduce((a, b) => a * b, 1);
  return (sum / prod) ** power;
}

/** ER: `(n_in + n_out)/(n_in·n_out)` from the first two dims (a 1-D tensor uses its length twice). */
export function erRaw(shape: readonly number[]): number {
  const a = shape[0] ?? 1;
  const b = shape[1] ?? a;
  return (a + b) / (a * b);
}

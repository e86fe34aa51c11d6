// The `pnpm demo` tour: Sparseland end to end, one section per package, with a progress bar on the
// terminal and a closing report. Sections land as their packages do.

import { runBandits } from './sections/bandits.js';
import { runCoreMlp } from './sections/core-mlp.js';
import { runMasks } from './sections/masks.js';

function header(title: string): void {
  console.log(`\n== ${title} ${'='.repeat(Math.max(0, 70 - title.length))}`);
}

console.log('Sparseland tour');

header('@sparseland/core: an MLP on the digits, trained with autograd and Adam');
const core = runCoreMlp();
console.log(
  [
    `  backend          ${core.backend}`,
    `  model            MLP ${core.layers.join('-')} (${core.parameters} parameters), ReLU`,
    `  data             digits, ${core.trainSize} train / ${core.testSize} test (seeded split)`,
    `  training         ${core.epochs} epochs, Adam, final loss ${core.finalLoss.toFixed(4)}`,
    `  test accuracy    ${(core.testAccuracy * 100).toFixed(2)}%`,
    `  time             ${core.seconds.toFixed(1)} s`,
    `  leaked tensors   ${core.leakedTensors}`,
  ].join('\n'),
);

header('@sparseland/masks: gradual magnitude pruning to 90%, exported to CSR');
const masks = runMasks();
const pct = (v: number): string => `${(v * 100).toFixed(2)}%`;
console.log(
  [
    `  model            MLP ${masks.layers.join('-')}, ${masks.epochs} epochs dense and ${masks.epochs} pruned`,
    `  recipe           ${masks.recipe}`,
    `  test accuracy    dense ${pct(masks.denseAccuracy)}, pruned ${pct(masks.sparseAccuracy)}`,
    `  sparsity         ${pct(masks.sparsity)} realised (${masks.perLayer.map((l) => `${l.name} ${pct(l.sparsity)}`).join(', ')})`,
    `  parameters       ${masks.params.sparse} of ${masks.params.dense} kept (Linear layers, biases included)`,
    `  forward FLOPs    ${masks.flops.sparse} of ${masks.flops.dense} per example`,
    `  CSR export       accuracy ${pct(masks.csrAccuracy)}, same class as masked dense on ${pct(masks.csrAgreement)}, max |logit diff| ${masks.csrMaxAbsDiff.toExponential(1)}`,
    `  time             ${masks.seconds.toFixed(1)} s`,
    `  leaked tensors   ${masks.leakedTensors}`,
  ].join('\n'),
);

header('@sparseland/bandits: sparse linear bandits, regret against the oracle');
const bandits = runBandits();
console.log(bandits.plot.join('\n'));
const byName = new Map(bandits.curves.map((c) => [c.name, c]));
const final = (name: string): number => byName.get(name)!.curve[bandits.T - 1]!;
console.log(
  [
    `  problem          d=${bandits.d}, ${bandits.s}-sparse θ*, ${bandits.K} arms, T=${bandits.T}, σ=${bandits.sigma}, mean of ${bandits.seeds} seeds`,
    `  regret at T      ${bandits.curves.map((c) => `${c.name} ${final(c.name).toFixed(0)}`).join(', ')}`,
    `  summary          SA-Lasso's regret is ${(final('SA-Lasso') / final('LinUCB')).toFixed(2)}× LinUCB's; LinUCB select p50 ${byName.get('LinUCB')!.selectP50Ms.toFixed(3)} ms`,
    `  time             ${bandits.seconds.toFixed(1)} s`,
  ].join('\n'),
);

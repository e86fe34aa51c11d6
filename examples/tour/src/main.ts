// The `pnpm demo` tour: Sparseland end to end, one section per package, with a progress bar on the
// terminal and a closing report. Sections land as their packages do.
import { runCoreMlp } from './sections/core-mlp.js';

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

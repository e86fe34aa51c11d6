/**
 * The op cases on `webgpu` in Chromium (vitest browser mode): navigator.gpu with Chromium's SwiftShader
 * adapter, instead of Dawn in Node. Every case family runs, with float32 inputs; without an adapter the suite
 * skips, unless the run requires WebGPU (REQUIRE_WEBGPU=1, passed in by vitest.config.ts).
 */
import { describe, expect, it } from 'vitest';
import { binaryCases, binaryKnownValueCases, weakScalarCases } from '../cases/binary.cases.js';
import { comparisonCases, logicalUnaryCases } from '../cases/compare.cases.js';
import { createCases } from '../cases/create.cases.js';
import { gatherCases, oneHotCases, scatterAddCases } from '../cases/indexing.cases.js';
import { matmulCases } from '../cases/matmul.cases.js';
import { argCases, reduceCases, statisticCases } from '../cases/reduce.cases.js';
import { castCases, clipCases, whereCases } from '../cases/select.cases.js';
import {
  broadcastToCases,
  concatCases,
  padCases,
  reshapeLikeCases,
  sliceCases,
  splitCases,
  stackCases,
  tileCases,
  transposeCases,
} from '../cases/shape.cases.js';
import { softmaxCases, softmaxKnownValueCases } from '../cases/softmax.cases.js';
import { cumsumCases, sortCases, topkCases } from '../cases/sort.cases.js';
import { unaryCases, unaryKnownValueCases } from '../cases/unary.cases.js';
import { describeBackend, type ToleranceKind } from '../helpers/backends.js';
import { type OpCase, runCases } from '../helpers/cases.js';

declare const __REQUIRE_WEBGPU__: boolean;

describe('WebGPU in the browser', () => {
  it('has an adapter (required on CI)', async (ctx) => {
    const gpu = (navigator as { gpu?: GPU }).gpu;
    const adapter = gpu === undefined ? null : await gpu.requestAdapter();
    if (adapter === null && !__REQUIRE_WEBGPU__) ctx.skip('no WebGPU adapter in this browser');
    expect(adapter).not.toBeNull();
  });
});

/** Each family as the Node suites run it: case lists with their default tolerance kind. */
const families: Record<string, [readonly OpCase[], ToleranceKind][]> = {
  unary: [
    [unaryCases, 'elementwise'],
    [unaryKnownValueCases, 'elementwise'],
  ],
  binary: [
    [binaryCases, 'elementwise'],
    [binaryKnownValueCases, 'elementwise'],
    [weakScalarCases, 'elementwise'],
  ],
  comparisons: [
    [comparisonCases, 'elementwise'],
    [logicalUnaryCases, 'elementwise'],
  ],
  creation: [[createCases, 'elementwise']],
  reductions: [
    [reduceCases, 'reduction'],
    [statisticCases, 'reduction'],
    [argCases, 'elementwise'],
  ],
  'where, clip and cast': [
    [whereCases, 'elementwise'],
    [clipCases, 'elementwise'],
    [castCases, 'elementwise'],
  ],
  softmax: [
    [softmaxCases, 'reduction'],
    [softmaxKnownValueCases, 'reduction'],
  ],
  matmul: [[matmulCases, 'matmul']],
  'sort, topk and cumsum': [
    [sortCases, 'elementwise'],
    [topkCases, 'elementwise'],
    [cumsumCases, 'reduction'],
  ],
  indexing: [
    [gatherCases, 'elementwise'],
    [scatterAddCases, 'elementwise'],
    [oneHotCases, 'elementwise'],
  ],
  shapes: [
    reshapeLikeCases,
    transposeCases,
    sliceCases,
    concatCases,
    stackCases,
    splitCases,
    padCases,
    tileCases,
    broadcastToCases,
  ].map((c) => [c, 'elementwise']),
};

/**
 * float32 cases only: SwiftShader compiles each pipeline slowly (seconds for a matmul), and the integer
 * variants of every kernel already run on Dawn in Node; here the point is Chromium's WebGPU stack.
 */
const float32Only = (cases: readonly OpCase[]) =>
  cases.filter((c) => c.inputs.every((i) => i.dtype === 'float32'));

for (const [name, parts] of Object.entries(families)) {
  describeBackend('webgpu', `${name} (browser)`, (backend) => {
    for (const [cases, kind] of parts) runCases(float32Only(cases), backend, kind);
  });
}

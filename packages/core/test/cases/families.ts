/**
 * Every op case family, as the Node suites run it (case lists with their default tolerance kind): the
 * browser suites of the GPU backends run them all.
 */

import type { ToleranceKind } from '../helpers/backends.js';
import type { OpCase } from '../helpers/cases.js';
import { binaryCases, binaryKnownValueCases, weakScalarCases } from './binary.cases.js';
import { comparisonCases, logicalUnaryCases } from './compare.cases.js';
import { createCases } from './create.cases.js';
import { gatherCases, oneHotCases, scatterAddCases } from './indexing.cases.js';
import { matmulCases } from './matmul.cases.js';
import { argCases, reduceCases, statisticCases } from './reduce.cases.js';
import { castCases, clipCases, whereCases } from './select.cases.js';
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
} from './shape.cases.js';
import { softmaxCases, softmaxKnownValueCases } from './softmax.cases.js';
import { cumsumCases, sortCases, topkCases } from './sort.cases.js';
import { unaryCases, unaryKnownValueCases } from './unary.cases.js';

/** Case families by name. */
export const CASE_FAMILIES: Record<string, [readonly OpCase[], ToleranceKind][]> = {
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

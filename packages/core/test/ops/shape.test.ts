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
import { describeBackends } from '../helpers/backends.js';
import { runCases } from '../helpers/cases.js';

describeBackends('shape ops', (backend) => {
  runCases(reshapeLikeCases, backend);
  runCases(transposeCases, backend);
  runCases(sliceCases, backend);
  runCases(concatCases, backend);
  runCases(stackCases, backend);
  runCases(splitCases, backend);
  runCases(padCases, backend);
  runCases(tileCases, backend);
  runCases(broadcastToCases, backend);
});

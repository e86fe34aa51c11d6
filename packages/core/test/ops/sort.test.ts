import { cumsumCases, sortCases, topkCases } from '../cases/sort.cases.js';
import { describeBackends } from '../helpers/backends.js';
import { runCases } from '../helpers/cases.js';

describeBackends('topk, sort, argsort and cumsum', (backend) => {
  runCases(sortCases, backend);
  runCases(topkCases, backend);
  runCases(cumsumCases, backend, 'reduction');
});

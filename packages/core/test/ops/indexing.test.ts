import { gatherCases, oneHotCases, scatterAddCases } from '../cases/indexing.cases.js';
import { describeBackends } from '../helpers/backends.js';
import { runCases } from '../helpers/cases.js';

describeBackends('gather, scatterAdd and oneHot', (backend) => {
  runCases(gatherCases, backend);
  runCases(scatterAddCases, backend);
  runCases(oneHotCases, backend);
});

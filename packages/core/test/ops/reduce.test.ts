import { argCases, reduceCases, statisticCases } from '../cases/reduce.cases.js';
import { describeBackends } from '../helpers/backends.js';
import { runCases } from '../helpers/cases.js';

describeBackends('reductions', (backend) => {
  runCases(reduceCases, backend, 'reduction');
  runCases(statisticCases, backend, 'reduction');
  runCases(argCases, backend);
});

import { matmulCases } from '../cases/matmul.cases.js';
import { describeBackends } from '../helpers/backends.js';
import { runCases } from '../helpers/cases.js';

describeBackends('matmul', (backend) => {
  runCases(matmulCases, backend, 'matmul');
});

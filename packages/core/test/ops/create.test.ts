import { createCases } from '../cases/create.cases.js';
import { describeBackends } from '../helpers/backends.js';
import { runCases } from '../helpers/cases.js';

describeBackends('creation ops', (backend) => {
  runCases(createCases, backend);
});

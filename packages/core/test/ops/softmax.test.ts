import { softmaxCases, softmaxKnownValueCases } from '../cases/softmax.cases.js';
import { describeBackends } from '../helpers/backends.js';
import { runCases } from '../helpers/cases.js';

describeBackends('softmax and logSoftmax', (backend) => {
  runCases(softmaxCases, backend, 'reduction');
  runCases(softmaxKnownValueCases, backend, 'reduction');
});

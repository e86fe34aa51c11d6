// Every test file starts on the reference `cpu` backend (other backends may register with a higher
// priority); `describeBackends` blocks switch backends and switch back.
import { setBackend } from '@sparseland/core';
import '../src/index.js';

await setBackend('cpu');

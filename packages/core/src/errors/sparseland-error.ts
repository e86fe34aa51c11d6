import type { ArgumentContext, SparselandErrorCode, SparselandErrorContexts } from './codes.js';

function describe(value: unknown): string {
  if (typeof value === 'string') return value;
  return String(value);
}

function isArgumentContext(ctx: unknown): ctx is ArgumentContext {
  return typeof ctx === 'object' && ctx !== null && 'fn' in ctx && 'arg' in ctx && 'expected' in ctx;
}

const formatters = new Map<string, (context: never) => string>();

/**
 * Declare how messages of an error code are written from its context: for codes that other packages add to
 * {@link SparselandErrorContexts} with a context of their own. (Codes with an {@link ArgumentContext} need
 * none; nor do contexts with `fn` and `reason`, written as `fn: reason.`)
 *
 * @example
 * ```ts
 * registerErrorMessage('SPARSELAND__BANDITS__NOT_FITTED', (c) => `${c.estimator} is not fitted; call fit() first.`);
 * ```
 */
export function registerErrorMessage<C extends SparselandErrorCode>(
  code: C,
  format: (context: SparselandErrorContexts[C]) => string,
): void {
  formatters.set(code, format as (context: never) => string);
}

function formatMessage(code: SparselandErrorCode, context: unknown): string {
  if (isArgumentContext(context)) {
    return `${context.fn}: argument '${context.arg}' must ${context.expected}; got ${describe(context.actual)}.`;
  }
  const custom = formatters.get(code);
  if (custom !== undefined) return custom(context as never);
  const c = context as Record<string, unknown>;
  switch (code) {
    case 'SPARSELAND__CORE__DISPOSED':
      return `${c.fn}: tensor #${c.tensorId} was disposed and can no longer be used.`;
    case 'SPARSELAND__CORE__BACKEND_UNAVAILABLE':
      return `${c.fn}: backend '${c.backend}' is unavailable: ${c.reason}.`;
    case 'SPARSELAND__CORE__KERNEL_MISSING':
      return `Kernel '${c.kernel}' is implemented neither on backend '${c.backend}' nor on 'cpu'.`;
    case 'SPARSELAND__CORE__SYNC_UNSUPPORTED':
      return `${c.fn}: backend '${c.backend}' cannot read data synchronously; use 'await t.data()'.`;
    case 'SPARSELAND__CORE__NOT_DIFFERENTIABLE':
      return `${c.fn}: kernel '${c.kernel}' has no gradient; wrap it in customGrad() or stop the gradient.`;
    case 'SPARSELAND__CORE__SAFETENSORS_INVALID':
      return `${c.fn}: invalid safetensors data${c.tensor === undefined ? '' : ` (tensor '${c.tensor}')`}: ${c.reason}.`;
    case 'SPARSELAND__CORE__STATE_DICT_MISMATCH': {
      const parts = [describe(c.reason)];
      const missing = c.missing as string[];
      const unexpected = c.unexpected as string[];
      if (missing.length > 0) parts.push(`missing: ${missing.join(', ')}`);
      if (unexpected.length > 0) parts.push(`unexpected: ${unexpected.join(', ')}`);
      return `${c.fn}: state dict does not match the module (${parts.join('; ')}).`;
    }
    case 'SPARSELAND__CORE__DEVICE_LOST':
      return `${c.fn}: the '${c.backend}' device was lost (${c.reason}: ${c.message}); ${c.dataKept === true ? 'its tensors keep their data' : 'its tensors are gone'}. Call 'await setBackend('${c.backend}')' to start a new device.`;
    case 'SPARSELAND__CORE__GPU_VALIDATION':
      return `${c.fn}: backend '${c.backend}' reported a GPU ${c.kind} error: ${c.message}`;
    case 'SPARSELAND__CORE__BUFFER_TOO_LARGE':
      return `${c.fn}: a ${c.dtype} tensor of shape [${(c.shape as number[]).join(', ')}] needs ${c.bytes} bytes on backend '${c.backend}', more than the device's maxStorageBufferBindingSize of ${c.limit} bytes.`;
    case 'SPARSELAND__CORE__TEXTURE_TOO_LARGE':
      return `${c.fn}: a tensor of shape [${(c.shape as number[]).join(', ')}] has ${c.elements} elements, more than backend '${c.backend}' holds in one texture (${c.limit}); split the work or use another backend.`;
    default:
      return typeof c.fn === 'string' && typeof c.reason === 'string'
        ? `${c.fn}: ${c.reason}.`
        : `${code}: ${JSON.stringify(context)}`;
  }
}

/**
 * The one error class of Sparseland: a stable `code` and a typed `context`.
 *
 * Messages name the function, the argument, what was expected and what was given.
 *
 * @example
 * ```ts
 * try {
 *   matmul(zeros([2, 3]), zeros([4, 2]));
 * } catch (e) {
 *   if (isSparselandError(e, 'SPARSELAND__CORE__SHAPE_MISMATCH')) console.log(e.context.arg); // 'b'
 * }
 * ```
 */
export class SparselandError<C extends SparselandErrorCode = SparselandErrorCode> extends Error {
  /** Stable, append-only code. */
  readonly code: C;
  /** Typed facts about the failure. */
  readonly context: SparselandErrorContexts[C];

  /**
   * @param code - Error code.
   * @param context - Context typed by the code.
   * @param message - Optional message; by default one is composed from the context.
   */
  constructor(code: C, context: SparselandErrorContexts[C], message?: string) {
    super(message ?? formatMessage(code, context));
    this.name = 'SparselandError';
    this.code = code;
    this.context = context;
  }
}

/**
 * Whether `e` is a {@link SparselandError}, optionally with the given code (narrowing `context`).
 *
 * @example
 * ```ts
 * if (isSparselandError(e, 'SPARSELAND__CORE__DISPOSED')) console.log(e.context.tensorId);
 * ```
 */
export function isSparselandError<C extends SparselandErrorCode>(
  e: unknown,
  code?: C,
): e is SparselandError<C> {
  return e instanceof SparselandError && (code === undefined || e.code === code);
}

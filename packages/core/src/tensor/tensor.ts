import type { DataId } from '../backend/backend.js';
import { engine } from '../engine.js';
import { SparselandError } from '../errors/sparseland-error.js';
import { sizeOf } from '../internal/shape.js';
import type { DType, TypedArray } from './dtype.js';

/** Nested JavaScript arrays of numbers (or booleans), as `array()` returns them. */
export type NestedArray = number | boolean | NestedArray[];

function nest(values: TypedArray, shape: readonly number[], dtype: DType): NestedArray {
  const cast = (v: number): number | boolean => (dtype === 'bool' ? v !== 0 : v);
  if (shape.length === 0) return cast(values[0]!);
  const build = (axis: number, offset: number, stride: number): NestedArray[] => {
    const n = shape[axis]!;
    const inner = stride / Math.max(n, 1);
    const out: NestedArray[] = new Array(n);
    for (let i = 0; i < n; i++) {
      out[i] =
        axis === shape.length - 1 ? cast(values[offset + i]!) : build(axis + 1, offset + i * inner, inner);
    }
    return out;
  };
  return build(0, 0, sizeOf(shape));
}

/**
 * An n-dimensional array owned by one backend.
 *
 * Ops return tensors at once; shape and dtype live on the host, and values are read with
 * `await t.data()` (every backend) or `t.dataSync()` (CPU backends). Free a tensor with
 * `dispose()`, a `tidy()` scope, or `using t = ...`.
 *
 * @example
 * ```ts
 * const t = tensor([[1, 2], [3, 4]]);
 * t.shape;        // [2, 2]
 * await t.data(); // Float32Array [1, 2, 3, 4]
 * t.dispose();
 * ```
 */
export class Tensor {
  /** Unique id, in creation order. */
  readonly id: number;
  /** Shape (row-major). */
  readonly shape: readonly number[];
  /** Element type. */
  readonly dtype: DType;
  /** Number of elements. */
  readonly size: number;
  /** @internal Buffer handle on the owning backend; changes when data moves between backends. */
  dataId: DataId;
  /** @internal Name of the owning backend. */
  backendName: string;
  /** @internal */
  disposed = false;

  /** @internal Tensors are made by ops and creation functions, never with `new`. */
  constructor(dataId: DataId, shape: readonly number[], dtype: DType, backendName: string, id: number) {
    this.dataId = dataId;
    this.shape = Object.freeze([...shape]);
    this.dtype = dtype;
    this.size = sizeOf(shape);
    this.backendName = backendName;
    this.id = id;
  }

  /** Number of dimensions. */
  get rank(): number {
    return this.shape.length;
  }

  /** Name of the backend that owns the data. */
  get backend(): string {
    return this.backendName;
  }

  /** Whether `dispose()` has run. */
  get isDisposed(): boolean {
    return this.disposed;
  }

  /** @internal Throw DISPOSED if this tensor was disposed. */
  assertLive(fn: string): void {
    if (this.disposed) throw new SparselandError('SPARSELAND__CORE__DISPOSED', { fn, tensorId: this.id });
  }

  /**
   * Values as a fresh typed array (`Uint8Array` of 0/1 for `bool`). Works on every backend.
   *
   * @example
   * ```ts
   * await tensor([1, 2]).data(); // Float32Array [1, 2]
   * ```
   */
  data(): Promise<TypedArray> {
    this.assertLive('Tensor.data');
    return engine.read(this);
  }

  /**
   * Values as a fresh typed array, synchronously.
   *
   * @throws {@link SparselandError} `SPARSELAND__CORE__SYNC_UNSUPPORTED` on backends that cannot read synchronously.
   */
  dataSync(): TypedArray {
    this.assertLive('Tensor.dataSync');
    return engine.readSync(this, 'Tensor.dataSync');
  }

  /** Values as nested arrays (booleans for `bool`). */
  async array(): Promise<NestedArray> {
    return nest(await this.data(), this.shape, this.dtype);
  }

  /** Values as nested arrays, synchronously (CPU backends). */
  arraySync(): NestedArray {
    return nest(this.dataSync(), this.shape, this.dtype);
  }

  /** Free the data (shared buffers are freed with their last tensor). Calling it twice is harmless. */
  dispose(): void {
    engine.disposeTensor(this);
  }

  /** Enables `using t = tensor(...)`. */
  [Symbol.dispose](): void {
    this.dispose();
  }

  /** Short description, e.g. `Tensor(float32, [2, 3], cpu)`. */
  toString(): string {
    return `Tensor(${this.dtype}, [${this.shape.join(', ')}], ${this.backendName}${this.disposed ? ', disposed' : ''})`;
  }
}

/**
 * A mutable tensor: model parameters and optimizer state.
 *
 * `assign` replaces the value in place (same shape and dtype). Variables are never disposed by
 * `tidy`; dispose them explicitly.
 *
 * @example
 * ```ts
 * const w = variable(zeros([2]), { name: 'w' });
 * w.assign(ones([2]));
 * ```
 */
export class Variable extends Tensor {
  /** Name, e.g. `'layers.0.weight'`. */
  name: string;
  /** Whether optimizers and `Module.parameters()` treat it as trainable. */
  trainable: boolean;

  /** @internal Made by {@link variable}. */
  constructor(source: Tensor, name: string, trainable: boolean, id: number) {
    super(source.dataId, source.shape, source.dtype, source.backendName, id);
    this.name = name;
    this.trainable = trainable;
  }

  /**
   * Replace the value with `value`'s (shape and dtype must match). `value` stays valid.
   *
   * @throws {@link SparselandError} SHAPE_MISMATCH or DTYPE_MISMATCH.
   */
  assign(value: Tensor): this {
    engine.assign(this, value);
    return this;
  }
}

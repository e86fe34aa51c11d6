/**
 * Policies with one statistical model per parameter: one model for shared contexts (`{ arms }`), one per
 * arm for disjoint contexts (`{ x }`), with `addArm` / `removeArm` for the latter.
 *
 * @module
 */
import type { Json } from '../internal/json.js';
import { BasePolicy, type BasePolicyParams, type ParsedContext } from './policy.js';

/**
 * A {@link BasePolicy} holding models of type `M`: `models[0]` for shared contexts, `models[a]` for arm `a`
 * in disjoint mode. Memory is a model per arm in disjoint mode (O(d²) each for ridge and Lasso models).
 */
export abstract class ModelPolicy<P extends BasePolicyParams, M> extends BasePolicy<P> {
  /** The models (one when shared, one per arm when disjoint). @internal */
  protected models: M[] = [];

  /** A fresh model for dimension `d`. @internal */
  protected abstract newModel(d: number): M;
  /** @internal */
  protected abstract modelToJSON(m: M): Json;
  /** @internal */
  protected abstract modelFromJSON(j: Json): M;
  /** Policy state besides the models. @internal */
  protected extraState(): Record<string, Json> {
    return {};
  }
  /** @internal */
  protected loadExtra(_s: Record<string, Json>): void {}
  /** @internal */
  protected clearExtra(): void {}

  protected override init(shared: boolean, d: number, K: number): void {
    this.models = Array.from({ length: shared ? 1 : K }, () => this.newModel(d));
  }

  /** The model that scores arm `a`. @internal */
  protected model(c: ParsedContext, a: number): M {
    return this.models[c.shared ? 0 : a]!;
  }

  protected saveState(): Record<string, Json> {
    return { ...this.extraState(), models: this.models.map((m) => this.modelToJSON(m)) };
  }

  protected loadState(s: Record<string, Json>): void {
    this.models = (s.models as Json[]).map((m) => this.modelFromJSON(m));
    this.loadExtra(s);
  }

  protected clearState(): void {
    this.models = [];
    this.clearExtra();
  }

  /**
   * Adds an arm to a disjoint policy (a fresh model) and returns its index.
   *
   * @throws `SparselandError` `SPARSELAND__BANDITS__INVALID_INPUT` on a shared policy.
   */
  addArm(): number {
    const a = this.growArms(`${this.policyName}.addArm`);
    if (this.dim !== null && this.shared === false) this.models.push(this.newModel(this.dim));
    return a;
  }

  /**
   * Removes arm `a` of a disjoint policy; later arms move down by one.
   *
   * @throws `SparselandError` `SPARSELAND__BANDITS__INVALID_INPUT` on a shared policy or a bad index.
   */
  removeArm(a: number): void {
    this.shrinkArms(`${this.policyName}.removeArm`, a);
    if (this.dim !== null && this.shared === false) this.models.splice(a, 1);
  }
}

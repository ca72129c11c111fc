/**
 * A local-search move on a pair of nodes (U, V), as PyVRP's operators: evaluate() prices the move
 * (penalised cost delta; it may return 0 early when the move cannot improve), apply() performs the
 * move last evaluated. Counters let a benchmark measure what each operator is worth.
 */
export interface NodeOperator {
  readonly name: string;
  evaluations: number;
  applications: number;
  evaluate(u: number, v: number): number;
  apply(u: number, v: number): void;
}

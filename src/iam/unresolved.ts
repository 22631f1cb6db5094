/**
 * A value that could not be resolved: a CloudFormation intrinsic nobody can evaluate before a
 * deploy (`Fn::ImportValue`, a parameter without a value, a resource of another stack), or a
 * piece of a policy the evaluator was not given. It may stand anywhere in a policy document;
 * whatever depends on it is answered UNDETERMINED, and `what` names it in the reason.
 */
export class Unresolved {
  constructor(public readonly what: string) {}
}

/** One `Unresolved` for several, each piece named once. */
export function combineUnresolved(unresolved: Unresolved[]): Unresolved {
  if (unresolved.length === 1) return unresolved[0];
  return new Unresolved([...new Set(unresolved.map((u) => u.what))].join('; '));
}

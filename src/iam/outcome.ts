/*
 * Three-valued answers: yes, no, or unknown (naming what is missing). Every part of the
 * evaluation (a value, a condition, a statement) answers in these terms, so that what the
 * evaluator cannot see only matters where it could change the answer.
 */

export type Tri = 'yes' | 'no' | 'unknown';

/** A three-valued answer, and what is missing when it is unknown. */
export interface Outcome {
  readonly value: Tri;
  readonly missing: string[];
}

export const YES: Outcome = { value: 'yes', missing: [] };
export const NO: Outcome = { value: 'no', missing: [] };

export function unknown(...missing: string[]): Outcome {
  return { value: 'unknown', missing };
}

/** Conjunction: any no → no; else any unknown → unknown (with every missing piece); else yes. */
export function and(outcomes: Iterable<Outcome>): Outcome {
  return fold(outcomes, NO, YES);
}

/** Disjunction: any yes → yes; else any unknown → unknown; else no. */
export function or(outcomes: Iterable<Outcome>): Outcome {
  return fold(outcomes, YES, NO);
}

/** `decisive` as soon as an outcome is it; else unknown if any is (with every missing piece); else `otherwise`. */
function fold(outcomes: Iterable<Outcome>, decisive: Outcome, otherwise: Outcome): Outcome {
  const missing: string[] = [];
  let sawUnknown = false;
  for (const o of outcomes) {
    if (o.value === decisive.value) return decisive;
    if (o.value === 'unknown') {
      sawUnknown = true;
      missing.push(...o.missing);
    }
  }
  return sawUnknown ? { value: 'unknown', missing: dedupe(missing) } : otherwise;
}

export function not(o: Outcome): Outcome {
  if (o.value === 'unknown') return o;
  return o.value === 'yes' ? NO : YES;
}

export function fromBool(b: boolean): Outcome {
  return b ? YES : NO;
}

export function dedupe(items: string[]): string[] {
  return [...new Set(items)];
}

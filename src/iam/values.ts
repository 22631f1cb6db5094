/** A value that policy grammar lets be one item or a list (Action, Resource, a condition's values), as a list. */
export function oneOrMany(value: unknown): any[] {
  return value === undefined || value === null ? [] : Array.isArray(value) ? value : [value];
}

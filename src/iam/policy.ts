/**
 * One policy document the evaluation reads, and how reasons name it.
 */
export interface PolicySource {
  /** How reasons name it, e.g. "inline policy X of role Stack/Pool/Admins". */
  readonly label: string;
  /** The resolved policy JSON ({ Version?, Statement }); Unresolved values may appear anywhere in it. */
  readonly document: any;
  /**
   * For a session policy: what to say when it does not allow the request, instead of the
   * generic sentence; the action is appended ("...; <action> is outside it").
   */
  readonly outsideNote?: string;
}

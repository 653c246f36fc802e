/**
 * A wire structure that does not match its schema. `field` is the dotted path
 * of the first offending field (e.g. `version.signature`), `issue` says what
 * was wrong with it in words a person can act on.
 */
export class ProtocolError extends Error {
  readonly code = 'bad-input' as const;
  readonly field: string;
  readonly issue: string;
  /** All problems found, first one first. */
  readonly issues: ReadonlyArray<{ field: string; issue: string }>;

  /** @param what - names the structure; @param issues - every problem found, first one first. */
  constructor(what: string, issues: Array<{ field: string; issue: string }>) {
    const first = issues[0] ?? { field: '(root)', issue: 'is invalid' };
    super(`${what}: field "${first.field}" ${first.issue}`);
    this.name = 'ProtocolError';
    this.field = first.field;
    this.issue = first.issue;
    this.issues = issues;
  }
}

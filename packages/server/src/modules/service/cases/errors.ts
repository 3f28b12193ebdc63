/** A channel pointed at a case that does not exist in the workspace (a bug or a stale reference, never user input). */
export class NotFoundCase extends Error {
  constructor(readonly caseId: string) {
    super(`Case ${caseId} was not found in this workspace`);
  }
}

/**
 * Errors a user can meet. The CLI prints `error: <message>` and exits with `exitCode` (2 for bad input);
 * anything else that escapes is a bug and is reported as such.
 */
export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
    this.name = 'UserError';
  }
}

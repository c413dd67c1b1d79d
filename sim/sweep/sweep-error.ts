/** A problem with a sweep file, a results file or sweep options that the user can fix (CLI exit 2). */
export class SweepError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SweepError';
  }
}

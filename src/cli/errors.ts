/** An error the user can fix: printed as one line on stderr, exit code 1, no stack trace. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export const EXIT_OK = 0;
export const EXIT_USAGE = 1;
export const EXIT_RULE_HELD = 2;

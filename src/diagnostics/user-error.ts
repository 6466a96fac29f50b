/**
 * An error the user can fix (a missing folder, a bad flag). The CLI prints its message and hint, never a
 * stack trace, and exits with its exit code (2 unless said otherwise).
 */
export class UserError extends Error {
  readonly code: string;
  readonly hint?: string;
  readonly exitCode: number;

  constructor(code: string, message: string, options: { hint?: string; exitCode?: number } = {}) {
    super(message);
    this.name = 'UserError';
    this.code = code;
    this.hint = options.hint;
    this.exitCode = options.exitCode ?? 2;
  }
}

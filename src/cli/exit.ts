/** CLI exit codes (STYLE.md): 0 ok, 1 rejected operation, 2 usage or malformed input, 70 internal error. */
export const EXIT_OK = 0;
export const EXIT_REJECTED = 1;
export const EXIT_USAGE = 2;
export const EXIT_INTERNAL = 70;

/** Bad command-line input: printed as one line, exit status 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

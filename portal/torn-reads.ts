/**
 * The file backend keeps each checkpoint's attributes in a sidecar file that the writing CLI
 * truncates and rewrites in place, so a process reading the stack at that instant sees an empty
 * file and fails with "failed to load checkpoint: EOF". The state on disk is fine; a moment later
 * the same read succeeds. The portal shares its backend with people running the CLI by hand, so
 * it retries such reads instead of failing a job or a status request on them.
 */

/** True when an error is the transient empty read of a checkpoint another process is writing. */
export function isTornStateRead(err: unknown): boolean {
  for (let e: unknown = err; e instanceof Error; e = e.cause) {
    if (/failed to load checkpoint: (EOF|unexpected end of JSON input)/.test(e.message)) {
      return true;
    }
  }
  return false;
}

export interface TornReadRetry {
  /** Attempts in all, the first included. Default 6. */
  attempts?: number;
  /** Wait before the second attempt, doubled after each; default 100 ms (3.1 s over 6 attempts). */
  delayMs?: number;
  /** Once aborted, the error is thrown as it is. Default: never aborted. */
  signal?: AbortSignal;
}

/** Runs `read`, again after a short wait while it fails only because of a torn checkpoint read. */
export async function retryTornReads<T>(
  read: () => Promise<T>,
  { attempts = 6, delayMs = 100, signal }: TornReadRetry = {},
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await read();
    } catch (err) {
      if (attempt >= attempts || signal?.aborted || !isTornStateRead(err)) throw err;
      await new Promise((r) => setTimeout(r, delayMs * 2 ** (attempt - 1)));
    }
  }
}

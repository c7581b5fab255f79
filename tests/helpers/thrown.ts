/**
 * The message `f` throws, or "(no error)" when it returns: a test compares it with the exact text
 * a user would read, and a call that stopped refusing shows up as "(no error)" in the diff.
 */
export function thrownMessage(f: () => unknown): string {
  try {
    f();
  } catch (err) {
    return (err as Error).message;
  }
  return "(no error)";
}

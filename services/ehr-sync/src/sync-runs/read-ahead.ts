/**
 * Iterates `source` with the next item already requested while the caller works on the current
 * one: the EHR reads the next page while the current page's transaction commits. At most one
 * item is held ahead, so memory stays bounded by two pages whatever the schedule's size. When the
 * caller stops early (an error, a lost lease) the source is closed and a read in flight is
 * awaited, its failure swallowed: the caller's own error is what counts.
 */
export async function* readAhead<T>(source: AsyncIterable<T>): AsyncGenerator<T> {
  const it = source[Symbol.asyncIterator]();
  // Marked handled at once: a read failing while the caller is busy is not an unhandled
  // rejection (which would end the process); awaiting it below still throws.
  const request = () => {
    const p = it.next();
    p.catch(() => undefined);
    return p;
  };
  let next = request();
  let done = false;
  try {
    for (;;) {
      const r = await next;
      if (r.done) {
        done = true;
        return;
      }
      next = request();
      yield r.value;
    }
  } finally {
    if (!done) {
      await next.then(
        () => undefined,
        () => undefined,
      );
      await it.return?.();
    }
  }
}

// Latest request wins: every new request aborts the one before it, and an answer that
// arrives after a newer request started (or after the answer was cleared) is dropped.

/**
 * @param makeController creates an AbortController (injectable for tests)
 */
export function createLatestGate(makeController = () => new AbortController()) {
  let sequence = 0;
  let controller = null;

  function begin() {
    if (controller) {
      controller.abort();
    }
    const own = makeController();
    controller = own;
    const id = ++sequence;
    return {
      id,
      signal: own.signal,
      isCurrent: () => id === sequence,
    };
  }

  /** Aborts the request in flight, if any, and makes every earlier ticket stale. */
  function cancel() {
    if (controller) {
      controller.abort();
      controller = null;
    }
    sequence++;
  }

  /**
   * Runs task(signal) as the newest request. Resolves to
   *   {status: 'current', value}  the answer to show,
   *   {status: 'error', error}    a failure of the newest request, to show,
   *   {status: 'stale'}           superseded or cancelled: show nothing.
   */
  async function run(task) {
    const ticket = begin();
    try {
      const value = await task(ticket.signal);
      return ticket.isCurrent() ? { status: 'current', value } : { status: 'stale' };
    } catch (error) {
      if (!ticket.isCurrent() || isAbort(error)) {
        return { status: 'stale' };
      }
      return { status: 'error', error };
    }
  }

  return { begin, cancel, run, get sequence() { return sequence; } };
}

export function isAbort(error) {
  return Boolean(error) && error.name === 'AbortError';
}

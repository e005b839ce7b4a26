// Debounce with injectable timers, so tests can drive time by hand.

/**
 * Returns a function that calls fn with its latest arguments once `wait` ms have passed
 * without another call. The returned function has cancel(), flush() and pending().
 */
export function debounce(fn, wait, timers = globalThis) {
  let handle = null;
  let lastArgs = [];

  function debounced(...args) {
    lastArgs = args;
    if (handle !== null) {
      timers.clearTimeout(handle);
    }
    handle = timers.setTimeout(run, wait);
  }

  function run() {
    handle = null;
    fn(...lastArgs);
  }

  debounced.cancel = () => {
    if (handle !== null) {
      timers.clearTimeout(handle);
      handle = null;
    }
  };

  /** Runs a pending call now instead of waiting; does nothing when none is pending. */
  debounced.flush = () => {
    if (handle !== null) {
      timers.clearTimeout(handle);
      run();
    }
  };

  debounced.pending = () => handle !== null;

  return debounced;
}

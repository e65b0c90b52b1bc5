// The longest event-loop stall while something runs: a timer that should tick every 5 ms,
// and the worst lateness seen. Shared by the import and key-type benchmarks.

/** Starts watching; `stop()` returns the longest stall in ms. */
export function stallWatch() {
  let last = performance.now();
  let worst = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last - 5);
    last = now;
  }, 5);
  return {
    stop: () => {
      clearInterval(timer);
      return worst;
    },
  };
}

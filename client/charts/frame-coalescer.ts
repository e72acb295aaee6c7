// Runs a callback at most once per animation frame however often it is requested (bursts of appends,
// resize storms); a hidden tab runs it once when it becomes visible instead of replaying a backlog.

export interface FrameCoalescer {
  request(): void;
  cancel(): void;
}

export function frameCoalescer(run: () => void): FrameCoalescer {
  let handle: number | undefined;
  return {
    request() {
      if (handle !== undefined) return;
      handle = requestAnimationFrame(() => {
        handle = undefined;
        run();
      });
    },
    cancel() {
      if (handle !== undefined) cancelAnimationFrame(handle);
      handle = undefined;
    },
  };
}

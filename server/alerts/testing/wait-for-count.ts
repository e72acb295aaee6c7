// Resolves once a list a test fills (requests, mails) holds `count` items, woken by `notify`; rejects after
// `timeoutMs` saying what did arrive.
export function countWaiter<T>(items: T[], describe: (items: T[]) => string) {
  const waiters: (() => void)[] = [];
  return {
    notify() {
      for (const w of waiters.splice(0)) w();
    },
    waitFor(count: number, timeoutMs = 30_000): Promise<T[]> {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`expected ${count}, got ${items.length}: ${describe(items)}`)),
          timeoutMs,
        );
        const check = () => {
          if (items.length >= count) {
            clearTimeout(timer);
            resolve(items.slice());
          } else waiters.push(check);
        };
        check();
      });
    },
  };
}

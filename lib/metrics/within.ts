/** What `work` resolves to within `ms`; undefined when it fails or takes longer (its result is then dropped). */
export function within<T>(ms: number, work: () => Promise<T>): Promise<T | undefined> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(undefined), ms);
    work()
      .catch(() => undefined)
      .then((value) => {
        clearTimeout(timer);
        resolve(value);
      });
  });
}

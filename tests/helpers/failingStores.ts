/** A store whose `method` rejects with an injected failure; every other method is the store's own. */
export function failingAt<T>(store: T, label: string, method: string): T {
  return new Proxy(store as object, {
    get(target, property, receiver) {
      if (property === method) {
        return async () => {
          throw new Error(`injected failure: ${label}`);
        };
      }
      const value = Reflect.get(target, property, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  }) as T;
}

/**
 * One value per section id, made on first use and kept: an editor reads its
 * extensions once, when it is created, so a section must get the same list
 * on every render.
 */
export function perSection<T>(make: (sectionId: string) => T): (sectionId: string) => T {
  const made = new Map<string, T>();
  return (sectionId) => {
    if (made.has(sectionId)) return made.get(sectionId) as T;
    const value = make(sectionId);
    made.set(sectionId, value);
    return value;
  };
}

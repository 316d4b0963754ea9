/** A colour that came over the network: only plain hex colours reach a style. */
export function isColor(value: unknown): value is string {
  return typeof value === "string" && /^#[0-9a-f]{3,8}$/i.test(value);
}

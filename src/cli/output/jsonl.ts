/** JSON Lines (https://jsonlines.org): one compact JSON value per line, LF-terminated. */
export function toJsonl(items: Iterable<unknown>): string {
  let out = '';
  for (const item of items) out += `${JSON.stringify(item)}\n`;
  return out;
}

/** The `--json` form: two-space indentation and a final newline. */
export function toPrettyJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

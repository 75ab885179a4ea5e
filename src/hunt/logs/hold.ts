/**
 * Holds a whole stream in memory up to a bound: for binary logs whose records point anywhere in the
 * file (journal entries at their data, registry keys at their cells). Copies what it keeps (sources
 * may reuse their buffers).
 */
export async function holdWhole(head: Buffer[], rest: AsyncIterator<Buffer>, max: number): Promise<{ bytes: Buffer; cut: boolean }> {
  const parts = head.map((h) => Buffer.from(h));
  let total = parts.reduce((n, x) => n + x.length, 0);
  let cut = false;
  for (let r = await rest.next(); !r.done; r = await rest.next()) {
    if (total + r.value.length > max) {
      parts.push(Buffer.from(r.value.subarray(0, max - total)));
      total = max;
      cut = true;
      break;
    }
    parts.push(Buffer.from(r.value));
    total += r.value.length;
  }
  return { bytes: parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts, total), cut };
}

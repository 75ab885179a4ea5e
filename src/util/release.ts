// Giving big typed arrays' memory back as soon as a stage is done with them.

/** Buffers smaller than this are left to the garbage collector (detaching them would save nothing). */
const MIN_BYTES = 64 * 1024;

/**
 * Detaches the buffers of `views` (moving their memory into a throwaway ArrayBuffer), so that the
 * memory is freed at the next young-generation collection instead of the next full one. Tables that
 * live through a long run are promoted to the old generation, and the 20–30 MB of occurrence or token
 * tables of a big text would otherwise stay resident until V8 runs a full collection, which may come
 * only after the output is written. Every view of a detached buffer reads as empty afterwards: call
 * this only on tables nothing reads any more. Views under 64 KiB, shared and already detached buffers
 * are skipped.
 * @example releaseBuffers([table.occStart, table.occEnd]);
 */
export function releaseBuffers(views: readonly ArrayBufferView[]): void {
  let seen: Set<ArrayBuffer> | undefined;
  for (const v of views) {
    // Checked on the view first: reading `.buffer` of a small typed array makes V8 move it off the heap.
    if (v.byteLength < MIN_BYTES) continue;
    const b = v.buffer;
    if (!(b instanceof ArrayBuffer) || b.byteLength < MIN_BYTES || seen?.has(b) === true) continue;
    (seen ??= new Set()).add(b);
    structuredClone(b, { transfer: [b] });
  }
}

/*
 * Byte counting of the entropy pass (src/triage/entropy/): the sliding window's histogram and the
 * histogram of the input so far. Integers only: every entropy (a floating-point sum of c*log2(c))
 * is computed by the JavaScript side from these counts, so its numbers stay bit-identical to the
 * JavaScript pass. The histograms persist between calls, so the window may slide across two copies
 * of the input slice (the JavaScript side re-copies from the previous window's start).
 */
#include "memory.h"

#define WIN ((uint16_t *)(uintptr_t)ENTROPY_WIN_AT)
#define TOTAL ((uint32_t *)(uintptr_t)ENTROPY_TOTAL_AT)
#define INPUT ((const uint8_t *)(uintptr_t)INPUT_AT)
/* Largest window of entropy_block: its counts fit 16 bits. */
#define WINDOW_MAX 0xffffu
/* Flags of entropy_block. */
#define FIRST 1u
#define TILE 2u

EXPORT("entropy_win") uint32_t entropy_win(void) { return ENTROPY_WIN_AT; }
EXPORT("entropy_total") uint32_t entropy_total(void) { return ENTROPY_TOTAL_AT; }

typedef uint32_t u32x4 __attribute__((vector_size(16)));
typedef uint16_t u16x8 __attribute__((vector_size(16)));
typedef uint16_t u16x4 __attribute__((vector_size(8)));
#define V32(addr) ((u32x4 *)(uintptr_t)(addr))
#define V16(addr) ((u16x8 *)(uintptr_t)(addr))
#define S16(addr) ((uint16_t *)(uintptr_t)(addr))

/* Counts INPUT[at, at + len) into the four 16-bit scratch tables (all zero before; len <= WINDOW_MAX,
   so a count stays under 2^16), by position mod 4, so that runs of equal bytes do not chain each
   increment on the store of the one before. */
static void count_block(uint32_t at, uint32_t len) {
  uint16_t *c = S16(ENTROPY_SCRATCH_AT);
  uint32_t i = at;
  uint32_t end = at + len;
  for (; i + 8 <= end; i += 8) {
    uint64_t x = *(const uint64_t *)(uintptr_t)(INPUT_AT + i);
    uint32_t lo = (uint32_t)x;
    uint32_t hi = (uint32_t)(x >> 32);
    c[lo & 255]++;
    c[256 + ((lo >> 8) & 255)]++;
    c[512 + ((lo >> 16) & 255)]++;
    c[768 + (lo >> 24)]++;
    c[hi & 255]++;
    c[256 + ((hi >> 8) & 255)]++;
    c[512 + ((hi >> 16) & 255)]++;
    c[768 + (hi >> 24)]++;
  }
  for (; i < end; i++) c[INPUT[i]]++;
}

/* Widens four 16-bit counts to 32 bits. */
static inline u32x4 widen(u16x4 x) { return __builtin_convertvector(x, u32x4); }

/*
 * Folds SCRATCH (zeroed again) into the ring histogram at `h` and WIN (new counts minus old; all
 * 16-bit, as a window is under 2^16 bytes). Explicit 128-bit vectors: 32 steps of eight counts.
 */
static void fold_block(uint32_t h) {
  u16x8 *s = V16(ENTROPY_SCRATCH_AT);
  u16x8 *old = V16(h);
  u16x8 *win = V16(ENTROPY_WIN_AT);
  const u16x8 zero = {0, 0, 0, 0, 0, 0, 0, 0};
  for (uint32_t q = 0; q < 32; q++) {
    u16x8 n = s[q] + s[32 + q] + s[64 + q] + s[96 + q];
    s[q] = s[32 + q] = s[64 + q] = s[96 + q] = zero;
    win[q] += n - old[q];
    old[q] = n;
  }
}

/* TOTAL += WIN, widened to 32 bits. */
static void add_tile(void) {
  const u16x8 *win = V16(ENTROPY_WIN_AT);
  u32x4 *t = V32(ENTROPY_TOTAL_AT);
  for (uint32_t q = 0; q < 32; q++) {
    u16x8 w = win[q];
    t[2 * q] += widen(__builtin_shufflevector(w, w, 0, 1, 2, 3));
    t[2 * q + 1] += widen(__builtin_shufflevector(w, w, 4, 5, 6, 7));
  }
}

/* The number of distinct byte values in the window (nonzero WIN counts), 1..256. */
static uint32_t distinct(void) {
  const u16x8 *win = V16(ENTROPY_WIN_AT);
  u16x8 zeros = {0, 0, 0, 0, 0, 0, 0, 0};
  for (uint32_t q = 0; q < 32; q++) zeros -= (u16x8)(win[q] == 0);
  uint32_t z = 0;
  for (uint32_t l = 0; l < 8; l++) z += zeros[l];
  return 256 - z;
}

/* True when INPUT[a, a + len) and INPUT[b, b + len) hold the same bytes. */
static int same_bytes(uint32_t a, uint32_t b, uint32_t len) {
  uint32_t i = 0;
  for (; i + 8 <= len; i += 8)
    if (*(const uint64_t *)(uintptr_t)(INPUT_AT + a + i) != *(const uint64_t *)(uintptr_t)(INPUT_AT + b + i)) return 0;
  for (; i < len; i++)
    if (INPUT[a + i] != INPUT[b + i]) return 0;
  return 1;
}

/*
 * The window of `blocks` blocks of `len` bytes starting at INPUT offset `start`, when windows are
 * `len` apart (window = blocks * len): WIN is the sum of the blocks' histograms, kept in a ring,
 * and sliding replaces the leaving block's histogram by the entering one's (one count per byte,
 * into four tables, and 32 vector steps), instead of a decrement and an increment per byte: that
 * measured ~2x faster on the bench's binaries. A block equal to the one it replaces (padding) is
 * not counted. Flags: FIRST, the input's first window (counts all its blocks); TILE, then adds WIN
 * to TOTAL (the windows that tile the input). `slot`: the ring slot of the leaving block, which the
 * entering block takes. Returns 0 when WIN is unchanged
 * (the entering bytes equal the leaving ones), else 1 + the number of distinct bytes in the window
 * (an upper bound of its entropy: log2 of it, which spares the caller most entropy computations).
 */
EXPORT("entropy_block") uint32_t entropy_block(uint32_t start, uint32_t len, uint32_t blocks, uint32_t slot, uint32_t flags) {
  if (blocks > ENTROPY_BLOCKS) blocks = ENTROPY_BLOCKS;
  if (blocks == 0 || len > WINDOW_MAX || blocks * len > WINDOW_MAX || start > INPUT_SIZE - blocks * len) return 0;
  uint32_t changed = 1;
  if (flags & FIRST) {
    for (uint32_t v = 0; v < 256; v++) WIN[v] = TOTAL[v] = 0;
    for (uint32_t v = 0; v < 1024; v++) S16(ENTROPY_SCRATCH_AT)[v] = 0;
    for (uint32_t b = 0; b < blocks; b++) {
      uint32_t h = ENTROPY_RING_AT + b * 512;
      for (uint32_t v = 0; v < 256; v++) S16(h)[v] = 0;
      count_block(start + b * len, len);
      fold_block(h);
    }
  } else {
    if (slot >= blocks || start < len) return 0;
    uint32_t at = start + (blocks - 1) * len;
    changed = !same_bytes(start - len, at, len);
    if (changed) {
      count_block(at, len);
      fold_block(ENTROPY_RING_AT + slot * 512);
    }
  }
  if (flags & TILE) add_tile();
  return changed ? distinct() + 1 : 0;
}

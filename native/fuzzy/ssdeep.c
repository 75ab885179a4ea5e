/*
 * ssdeep rolling hash and block hashes: the per-byte loop of src/triage/hash/ssdeep.ts (which keeps
 * the state per hasher and does everything between two reset points). Runs from a position of the
 * input slice up to the first reset point, so the loop holds only the rolling hash, the packed
 * 6-bit block hashes ("lanes", four per 32-bit word) and the reset test.
 */
#include "memory.h"

#define STATE ((uint32_t *)(uintptr_t)SSDEEP_STATE_AT)
#define ROLLING_WINDOW 7u
/* Modular inverse of 3 mod 2^32: x is divisible by 3 iff x * INV3 <= 0x55555555 (mod 2^32). */
#define INV3 0xaaaaaaabu

EXPORT("ssdeep_state") uint32_t ssdeep_state(void) { return SSDEEP_STATE_AT; }

/* One FNV step, reduced to 6 bits, of the four lanes of w: (h * 0x01000193 ^ c) & 63 = (19h mod 64) ^ c. */
#define LANES(w) w = ((((w & 0x03030303u) << 4) + (w << 1) + w) & 0x3f3f3f3fu) ^ cc;

/*
 * Hashes input[i] for i from `from` until the first reset point or `n`: returns its index, or n + 1
 * when there is none. State words: h1 h2 h3 (rolling hash), w0 w1 w2 (lanes), reset mask, and out:
 * q = (h1 + h2 + h3 + 1) / 3 at the reset point. The byte leaving the window, input[i - 7], is in
 * memory before the slice for the first 7 bytes. One function per number of lane words, so each
 * loop updates only the words in use; the reset test branches first on the mask, which is almost
 * never zero, as a hint: without it the compiler tested the divisibility first (an unpredictable
 * branch, 1.7x slower).
 */
#define RUN(NAME, UPDATE)                                                                    \
  EXPORT(#NAME) uint32_t NAME(uint32_t from, uint32_t n) {                                   \
    uint32_t h1 = STATE[0], h2 = STATE[1], h3 = STATE[2];                                    \
    uint32_t w0 = STATE[3], w1 = STATE[4], w2 = STATE[5], mask = STATE[6], q = 0;            \
    uint32_t i = from;                                                                       \
    if (n > INPUT_SIZE) n = INPUT_SIZE;                                                      \
    for (; i < n; i++) {                                                                     \
      uint32_t c = MEM8(INPUT_AT + i), old = MEM8(INPUT_AT - ROLLING_WINDOW + i);            \
      h2 = h2 - h1 + ROLLING_WINDOW * c;                                                     \
      h1 = h1 + c - old;                                                                     \
      h3 = (h3 << 5) ^ c;                                                                    \
      uint32_t cc = (c & 63) * 0x01010101u;                                                  \
      UPDATE                                                                                 \
      uint32_t horg = h1 + h2 + h3 + 1;                                                      \
      if (__builtin_expect((horg & mask) == 0, 0)) {                                         \
        q = horg * INV3;                                                                     \
        if (horg != 0 && q <= 0x55555555u) break;                                            \
      }                                                                                      \
    }                                                                                        \
    STATE[0] = h1;                                                                           \
    STATE[1] = h2;                                                                           \
    STATE[2] = h3;                                                                           \
    STATE[3] = w0;                                                                           \
    STATE[4] = w1;                                                                           \
    STATE[5] = w2;                                                                           \
    STATE[7] = q;                                                                            \
    return i < n ? i : n + 1;                                                                \
  }

RUN(ssdeep_run1, LANES(w0))
RUN(ssdeep_run2, LANES(w0) LANES(w1))
RUN(ssdeep_run3, LANES(w0) LANES(w1) LANES(w2))

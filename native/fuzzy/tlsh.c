/*
 * TLSH bucket mixing: the per-byte hot loop of src/triage/hash/tlsh.ts (which keeps the state per
 * hasher, the first bytes of the sliding window and the digest). Per input byte: the checksum step
 * and six triplet buckets b_mapping(salt, b0, bx, by) = V[V[V[V[salt] ^ b0] ^ bx] ^ by], computed as
 * PAIR[(SALTED[b0][salt] ^ bx) << 8 | by]. The six PAIR indices come from one 128-bit xor: the
 * salted lanes of b0 against the window bytes arranged by one byte shuffle.
 */
#include "memory.h"

typedef uint16_t u16x8 __attribute__((vector_size(16)));
typedef uint8_t u8x16 __attribute__((vector_size(16)));
typedef uint32_t u32x4 __attribute__((vector_size(16)));

#define SALTED ((const u16x8 *)(uintptr_t)TLSH_SALTED_AT)
#define SCRATCH ((uint32_t *)(uintptr_t)TLSH_SCRATCH_AT)
#define STATE ((uint32_t *)(uintptr_t)TLSH_STATE_AT)
#define PEARSON ((const uint8_t *)(uintptr_t)TLSH_PEARSON_AT)
#define INPUT ((const uint8_t *)(uintptr_t)INPUT_AT)

static const uint8_t SALTS[7] = {0, 2, 3, 5, 7, 11, 13};

/*
 * Byte shuffle of the window word w = b1 | b2 << 8 | b3 << 16 | b4 << 24 into the (by, bx) byte
 * pairs of the 16-bit lanes; index 4 reads a zero byte. Lane 0 is the checksum (bx = b1, by = the
 * checksum itself, or-ed in later), lanes 1..6 the triplets (b1,b2) (b1,b3) (b2,b3) (b2,b4) (b1,b4)
 * (b3,b4) of salts 2, 3, 5, 7, 11, 13. Read through a volatile load so the compiler keeps it a
 * register operand of a swizzle instead of rebuilding a constant shuffle mask at every byte.
 */
static const u8x16 WINDOW_LANES = {4, 0, 1, 0, 2, 0, 2, 1, 3, 1, 3, 0, 3, 2, 4, 4};

EXPORT("tlsh_state") uint32_t tlsh_state(void) { return TLSH_STATE_AT; }
EXPORT("tlsh_pearson") uint32_t tlsh_pearson(void) { return TLSH_PEARSON_AT; }
EXPORT("input_at") uint32_t input_at(void) { return INPUT_AT; }
EXPORT("input_size") uint32_t input_size(void) { return INPUT_SIZE; }

/* Builds PAIR and SALTED from the Pearson permutation (written at TLSH_PEARSON_AT first). */
EXPORT("tlsh_init") void tlsh_init(void) {
  for (uint32_t x = 0; x < 256; x++)
    for (uint32_t y = 0; y < 256; y++) MEM8(TLSH_PAIR_AT + (x << 8 | y)) = PEARSON[PEARSON[x] ^ y];
  for (uint32_t b = 0; b < 256; b++)
    for (uint32_t s = 0; s < 8; s++)
      MEM8(TLSH_SALTED_AT + b * 16 + s * 2 + 1) = s < 7 ? PEARSON[PEARSON[SALTS[s]] ^ b] : 0;
}

/* Reads PAIR at a 16-bit index: PAIR sits at address 0, so the index is the address. */
#define PAIR(ix) MEM8(ix)

/*
 * One byte into scratch table T (0..3): consecutive bytes count into different tables, so a run of
 * equal bytes, which hits the same buckets at every byte, does not chain each increment on the
 * store of the one before.
 */
#define STEP(T)                                                                          \
  do {                                                                                   \
    uint32_t b0 = INPUT[i];                                                              \
    u8x16 win = (u8x16)(u32x4){w, 0, 0, 0};                                              \
    u16x8 ix = SALTED[b0] ^ (u16x8)__builtin_wasm_swizzle_i8x16(win, lanes);             \
    ck = PAIR(ix[0] | ck);                                                               \
    SCRATCH[(T) * 256 + PAIR(ix[1])]++;                                                  \
    SCRATCH[(T) * 256 + PAIR(ix[2])]++;                                                  \
    SCRATCH[(T) * 256 + PAIR(ix[3])]++;                                                  \
    SCRATCH[(T) * 256 + PAIR(ix[4])]++;                                                  \
    SCRATCH[(T) * 256 + PAIR(ix[5])]++;                                                  \
    SCRATCH[(T) * 256 + PAIR(ix[6])]++;                                                  \
    w = w << 8 | b0;                                                                     \
    i++;                                                                                 \
  } while (0)

/*
 * Mixes INPUT[0, n) (n <= INPUT_SIZE) into the state at TLSH_STATE_AT: the four window bytes before
 * INPUT[0] and the checksum are in the state; the bucket counts are added to the state's.
 */
EXPORT("tlsh_mix") void tlsh_mix(uint32_t n) {
  uint32_t w = STATE[256] | STATE[257] << 8 | STATE[258] << 16 | STATE[259] << 24;
  uint32_t ck = STATE[260];
  u8x16 lanes = *(volatile const u8x16 *)&WINDOW_LANES;
  uint32_t i = 0;
  if (n > INPUT_SIZE) n = INPUT_SIZE;
  uint32_t quads = n & ~3u;
  while (i < quads) {
    STEP(0);
    STEP(1);
    STEP(2);
    STEP(3);
  }
  while (i < n) STEP(0);
  for (uint32_t k = 0; k < 256; k++) {
    STATE[k] += SCRATCH[k] + SCRATCH[256 + k] + SCRATCH[512 + k] + SCRATCH[768 + k];
    SCRATCH[k] = SCRATCH[256 + k] = SCRATCH[512 + k] = SCRATCH[768 + k] = 0;
  }
  STATE[256] = w & 255;
  STATE[257] = (w >> 8) & 255;
  STATE[258] = (w >> 16) & 255;
  STATE[259] = w >> 24;
  STATE[260] = ck;
}

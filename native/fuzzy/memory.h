/*
 * Fixed memory map of the fuzzy-hash module (one linear memory, never grown: the linker sets its
 * initial and maximum size to the same value). Regions are addressed by constant addresses instead
 * of C arrays so that the compiler emits a wasm load with a constant offset and no add per access,
 * and so that the TLSH pair table can sit at address 0, where a table index is its own address.
 * The JavaScript side (src/triage/hash/fuzzy-wasm.ts) reads the addresses from exported functions.
 */
#ifndef PILLBOX_FUZZY_MEMORY_H
#define PILLBOX_FUZZY_MEMORY_H
#include <stdint.h>

#define EXPORT(name) __attribute__((export_name(name)))

/* TLSH: PAIR[x << 8 | y] = V[V[x] ^ y], 64 KiB at address 0. */
#define TLSH_PAIR_AT 0x00000u
/* TLSH: per byte b, eight 16-bit lanes V[V[salt] ^ b] << 8 (4 KiB). */
#define TLSH_SALTED_AT 0x10000u
/* TLSH: four bucket tables of the slice being mixed (4 x 256 x 4 bytes). */
#define TLSH_SCRATCH_AT 0x11000u
/* TLSH: the current hasher's 256 buckets, then b1 b2 b3 b4 checksum (uint32 each). */
#define TLSH_STATE_AT 0x12000u
/* TLSH: the 256-byte Pearson permutation, written by the JavaScript side before tlsh_init. */
#define TLSH_PEARSON_AT 0x12800u
/* ssdeep: the rolling hash and lanes of the hasher being run (see ssdeep.c). */
#define SSDEEP_STATE_AT 0x12c00u
/* Input slice: the bytes being hashed, copied in by the JavaScript side. The 7 bytes before it
   hold the ssdeep rolling window's bytes from before the slice. */
#define INPUT_AT 0x13000u
#define INPUT_SIZE 0x100000u
/* Entropy (entropy.c): the sliding window's byte histogram (256 x uint16), after the input slice. */
#define ENTROPY_WIN_AT 0x113000u
/* Entropy: the sum of the tile windows' histograms (256 x uint32). */
#define ENTROPY_TOTAL_AT 0x113400u
/* Entropy: four count tables for the block entering the window (4 x 256 x uint16), zeroed by
   each use. */
#define ENTROPY_SCRATCH_AT 0x113800u
/* Entropy: the histograms of the window's blocks, a ring of up to ENTROPY_BLOCKS (256 x uint16 each). */
#define ENTROPY_RING_AT 0x114000u
#define ENTROPY_BLOCKS 8u

#define MEM8(addr) (*(uint8_t *)(uintptr_t)(addr))
#define MEM32(addr) (*(uint32_t *)(uintptr_t)(addr))

#endif

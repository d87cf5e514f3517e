// The crypto extension end to end: AES-128 (FIPS-197 C.1) through AESE/AESMC and the
// equivalent inverse cipher through AESD/AESIMC, SHA-256 and SHA-1 through their
// instructions, PMULL/PMULL2 .1Q, each checked against a plain C implementation over
// seeded random inputs (compat-run lowers AES, PMULL and SHA-256 onto AES-NI, PCLMULQDQ and
// the SHA extensions where the host has them).
#include <arm_neon.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static uint64_t state = 0x9E3779B97F4A7C15ull;
static uint64_t next(void) {
    state ^= state << 13; state ^= state >> 7; state ^= state << 17;
    return state;
}

// ---- AES-128 in C (key expansion and a reference cipher) ----
static uint8_t sbox[256];
static uint8_t gmul(uint8_t a, uint8_t b) {
    uint8_t r = 0;
    while (b) { if (b & 1) r ^= a; a = (uint8_t)(a << 1) ^ (a & 0x80 ? 0x1B : 0); b >>= 1; }
    return r;
}
static void make_sbox(void) {
    for (int x = 0; x < 256; x++) {
        uint8_t inv = 0;
        for (int y = 1; y < 256 && x; y++) if (gmul((uint8_t)x, (uint8_t)y) == 1) { inv = (uint8_t)y; break; }
        uint8_t s = inv;
        for (int k = 1; k <= 4; k++) s ^= (uint8_t)(inv << k | inv >> (8 - k));
        sbox[x] = s ^ 0x63;
    }
}
static void expand_key(const uint8_t key[16], uint8_t rk[11][16]) {
    memcpy(rk[0], key, 16);
    uint8_t rcon = 1;
    for (int i = 1; i < 11; i++) {
        uint8_t t[4] = {sbox[rk[i - 1][13]], sbox[rk[i - 1][14]], sbox[rk[i - 1][15]], sbox[rk[i - 1][12]]};
        t[0] ^= rcon; rcon = gmul(rcon, 2);
        for (int j = 0; j < 16; j++) rk[i][j] = rk[i - 1][j] ^ (j < 4 ? t[j] : rk[i][j - 4]);
    }
}
static void reference_encrypt(uint8_t rk[11][16], const uint8_t in[16], uint8_t out[16]) {
    uint8_t s[16];
    for (int j = 0; j < 16; j++) s[j] = in[j] ^ rk[0][j];
    for (int r = 1; r <= 10; r++) {
        uint8_t t[16];
        for (int j = 0; j < 16; j++) t[j] = sbox[s[(j + 4 * (j % 4)) % 16]];   // SubBytes(ShiftRows)
        if (r < 10) {
            for (int c = 0; c < 4; c++) {
                uint8_t *a = t + 4 * c, b0 = a[0], b1 = a[1], b2 = a[2], b3 = a[3];
                a[0] = gmul(b0, 2) ^ gmul(b1, 3) ^ b2 ^ b3;
                a[1] = b0 ^ gmul(b1, 2) ^ gmul(b2, 3) ^ b3;
                a[2] = b0 ^ b1 ^ gmul(b2, 2) ^ gmul(b3, 3);
                a[3] = gmul(b0, 3) ^ b1 ^ b2 ^ gmul(b3, 2);
            }
        }
        for (int j = 0; j < 16; j++) s[j] = t[j] ^ rk[r][j];
    }
    memcpy(out, s, 16);
}
static uint8x16_t neon_encrypt(uint8_t rk[11][16], uint8x16_t b) {
    for (int r = 0; r < 9; r++) b = vaesmcq_u8(vaeseq_u8(b, vld1q_u8(rk[r])));
    b = vaeseq_u8(b, vld1q_u8(rk[9]));
    return veorq_u8(b, vld1q_u8(rk[10]));
}
static uint8x16_t neon_decrypt(uint8_t rk[11][16], uint8x16_t b) {
    // The equivalent inverse cipher: middle round keys through InvMixColumns.
    b = vaesimcq_u8(vaesdq_u8(b, vld1q_u8(rk[10])));
    for (int r = 9; r > 1; r--) b = vaesimcq_u8(vaesdq_u8(b, vaesimcq_u8(vld1q_u8(rk[r]))));
    b = vaesdq_u8(b, vaesimcq_u8(vld1q_u8(rk[1])));
    return veorq_u8(b, vld1q_u8(rk[0]));
}

// ---- SHA-256 ----
static const uint32_t K256[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01,
    0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc,
    0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
    0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08,
    0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
    0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};
#define ROR(x, n) ((x) >> (n) | (x) << (32 - (n)))
static void sha256_c(uint32_t h[8], const uint8_t blk[64]) {
    uint32_t w[64], a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
    for (int i = 0; i < 16; i++) w[i] = (uint32_t)blk[4 * i] << 24 | blk[4 * i + 1] << 16 | blk[4 * i + 2] << 8 | blk[4 * i + 3];
    for (int i = 16; i < 64; i++) {
        uint32_t s0 = ROR(w[i - 15], 7) ^ ROR(w[i - 15], 18) ^ w[i - 15] >> 3;
        uint32_t s1 = ROR(w[i - 2], 17) ^ ROR(w[i - 2], 19) ^ w[i - 2] >> 10;
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    for (int i = 0; i < 64; i++) {
        uint32_t t1 = hh + (ROR(e, 6) ^ ROR(e, 11) ^ ROR(e, 25)) + ((e & f) ^ (~e & g)) + K256[i] + w[i];
        uint32_t t2 = (ROR(a, 2) ^ ROR(a, 13) ^ ROR(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
        hh = g; g = f; f = e; e = d + t1; d = c; c = b; b = a; a = t1 + t2;
    }
    h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e; h[5] += f; h[6] += g; h[7] += hh;
}
static void sha256_neon(uint32_t h[8], const uint8_t blk[64]) {
    uint32x4_t abcd = vld1q_u32(h), efgh = vld1q_u32(h + 4), abcd0 = abcd, efgh0 = efgh;
    uint32x4_t m[4];
    for (int i = 0; i < 4; i++) m[i] = vreinterpretq_u32_u8(vrev32q_u8(vld1q_u8(blk + 16 * i)));
    for (int i = 0; i < 16; i++) {
        uint32x4_t wk = vaddq_u32(m[i % 4], vld1q_u32(K256 + 4 * i));
        if (i < 12) m[i % 4] = vsha256su1q_u32(vsha256su0q_u32(m[i % 4], m[(i + 1) % 4]), m[(i + 2) % 4], m[(i + 3) % 4]);
        uint32x4_t save = abcd;
        abcd = vsha256hq_u32(abcd, efgh, wk);
        efgh = vsha256h2q_u32(efgh, save, wk);
    }
    vst1q_u32(h, vaddq_u32(abcd, abcd0));
    vst1q_u32(h + 4, vaddq_u32(efgh, efgh0));
}

// ---- SHA-1 ----
#define ROL(x, n) ((x) << (n) | (x) >> (32 - (n)))
static void sha1_c(uint32_t h[5], const uint8_t blk[64]) {
    uint32_t w[80], a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
    for (int i = 0; i < 16; i++) w[i] = (uint32_t)blk[4 * i] << 24 | blk[4 * i + 1] << 16 | blk[4 * i + 2] << 8 | blk[4 * i + 3];
    for (int i = 16; i < 80; i++) w[i] = ROL(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
    for (int i = 0; i < 80; i++) {
        uint32_t f, k;
        if (i < 20) { f = (b & c) | (~b & d); k = 0x5A827999; }
        else if (i < 40) { f = b ^ c ^ d; k = 0x6ED9EBA1; }
        else if (i < 60) { f = (b & c) | (b & d) | (c & d); k = 0x8F1BBCDC; }
        else { f = b ^ c ^ d; k = 0xCA62C1D6; }
        uint32_t t = ROL(a, 5) + f + e + k + w[i];
        e = d; d = c; c = ROL(b, 30); b = a; a = t;
    }
    h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e;
}
static void sha1_neon(uint32_t h[5], const uint8_t blk[64]) {
    static const uint32_t k[4] = {0x5A827999, 0x6ED9EBA1, 0x8F1BBCDC, 0xCA62C1D6};
    uint32x4_t abcd = vld1q_u32(h), abcd0 = abcd;
    uint32_t e = h[4], e0 = e;
    uint32x4_t m[4];
    for (int i = 0; i < 4; i++) m[i] = vreinterpretq_u32_u8(vrev32q_u8(vld1q_u8(blk + 16 * i)));
    for (int i = 0; i < 20; i++) {
        uint32x4_t wk = vaddq_u32(m[i % 4], vdupq_n_u32(k[i / 5]));
        uint32_t e_next = vsha1h_u32(vgetq_lane_u32(abcd, 0));
        if (i < 5) abcd = vsha1cq_u32(abcd, e, wk);
        else if (i < 10 || i >= 15) abcd = vsha1pq_u32(abcd, e, wk);
        else abcd = vsha1mq_u32(abcd, e, wk);
        e = e_next;
        if (i < 16) m[i % 4] = vsha1su1q_u32(vsha1su0q_u32(m[i % 4], m[(i + 1) % 4], m[(i + 2) % 4]), m[(i + 3) % 4]);
    }
    vst1q_u32(h, vaddq_u32(abcd, abcd0));
    h[4] = e + e0;
}

// ---- carry-less multiply ----
static void clmul_c(uint64_t a, uint64_t b, uint64_t *lo, uint64_t *hi) {
    uint64_t l = 0, h = 0;
    for (int i = 0; i < 64; i++)
        if (b >> i & 1) { l ^= a << i; if (i) h ^= a >> (64 - i); }
    *lo = l; *hi = h;
}

int main(void) {
    make_sbox();
    // FIPS-197 appendix C.1.
    uint8_t key[16], pt[16], rk[11][16], ct[16];
    for (int i = 0; i < 16; i++) { key[i] = (uint8_t)i; pt[i] = (uint8_t)(i * 0x11); }
    expand_key(key, rk);
    vst1q_u8(ct, neon_encrypt(rk, vld1q_u8(pt)));
    printf("aes-128 fips-197:");
    for (int i = 0; i < 16; i++) printf("%02x", ct[i]);
    printf("\n");

    int aes_bad = 0, sha_bad = 0, sha1_bad = 0, clmul_bad = 0;
    uint64_t digest = 0;
    for (int round = 0; round < 2000; round++) {
        for (int i = 0; i < 16; i++) key[i] = (uint8_t)next();
        for (int i = 0; i < 16; i++) pt[i] = (uint8_t)next();
        expand_key(key, rk);
        uint8_t want[16], back[16];
        reference_encrypt(rk, pt, want);
        uint8x16_t c = neon_encrypt(rk, vld1q_u8(pt));
        vst1q_u8(ct, c);
        vst1q_u8(back, neon_decrypt(rk, c));
        if (memcmp(ct, want, 16) || memcmp(back, pt, 16)) aes_bad++;
        digest = digest * 31 + ct[round % 16];
    }
    printf("aes: 2000 keys, %d wrong, digest %016llx\n", aes_bad, (unsigned long long)digest);

    uint32_t h1[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    uint32_t h2[8];
    memcpy(h2, h1, sizeof h1);
    uint8_t blk[64] = {'a', 'b', 'c', 0x80};
    blk[63] = 24;
    sha256_neon(h1, blk);
    printf("sha256(abc):");
    for (int i = 0; i < 8; i++) printf("%08x", h1[i]);
    printf("\n");
    memcpy(h1, h2, sizeof h1);
    uint32_t s1[5] = {0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0}, s2[5];
    memcpy(s2, s1, sizeof s1);
    for (int round = 0; round < 1000; round++) {
        for (int i = 0; i < 64; i++) blk[i] = (uint8_t)next();
        sha256_c(h2, blk); sha256_neon(h1, blk);
        if (memcmp(h1, h2, sizeof h1)) { sha_bad++; memcpy(h1, h2, sizeof h1); }
        sha1_c(s2, blk); sha1_neon(s1, blk);
        if (memcmp(s1, s2, sizeof s1)) { sha1_bad++; memcpy(s1, s2, sizeof s1); }
    }
    printf("sha256: 1000 blocks, %d wrong, state %08x%08x\n", sha_bad, h1[0], h1[7]);
    printf("sha1: 1000 blocks, %d wrong, state %08x%08x\n", sha1_bad, s1[0], s1[4]);

    uint64_t acc = 0;
    for (int round = 0; round < 5000; round++) {
        uint64_t a0 = next(), a1 = next(), b0 = next(), b1 = next();
        if (round % 7 == 0) { a0 = ~0ull; b1 = 1ull << 63; }
        poly64x2_t a = vcombine_p64(vcreate_p64(a0), vcreate_p64(a1)), b = vcombine_p64(vcreate_p64(b0), vcreate_p64(b1));
        poly128_t lo = vmull_p64(vgetq_lane_p64(a, 0), vgetq_lane_p64(b, 0));
        poly128_t hi = vmull_high_p64(a, b);
        uint64_t wl, wh, gl = (uint64_t)lo, gh = (uint64_t)(lo >> 64);
        clmul_c(a0, b0, &wl, &wh);
        if (wl != gl || wh != gh) clmul_bad++;
        clmul_c(a1, b1, &wl, &wh);
        if (wl != (uint64_t)hi || wh != (uint64_t)(hi >> 64)) clmul_bad++;
        acc = acc * 1099511628211ull ^ gl ^ gh;
    }
    printf("pmull: 5000 pairs, %d wrong, acc %016llx\n", clmul_bad, (unsigned long long)acc);
    return aes_bad || sha_bad || sha1_bad || clmul_bad;
}

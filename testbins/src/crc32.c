/* CRC32 (table-driven and bitwise), CRC32C and adler32 over a fixed buffer. */
#include <stdio.h>
#include <stdint.h>
#include <string.h>

static uint32_t table[256];
static void mktable(void) { for (uint32_t i = 0; i < 256; i++) { uint32_t c = i; for (int k = 0; k < 8; k++) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1; table[i] = c; } }
static uint32_t crc_table(const uint8_t *p, size_t n) { uint32_t c = ~0u; while (n--) c = table[(c ^ *p++) & 0xff] ^ (c >> 8); return ~c; }
static uint32_t crc_bitwise(const uint8_t *p, size_t n) { uint32_t c = ~0u; while (n--) { c ^= *p++; for (int k = 0; k < 8; k++) c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1))); } return ~c; }
static uint32_t crc32c_sw(const uint8_t *p, size_t n) { uint32_t c = ~0u; while (n--) { c ^= *p++; for (int k = 0; k < 8; k++) c = (c >> 1) ^ (0x82F63B78u & (0u - (c & 1))); } return ~c; }
static uint32_t adler32(const uint8_t *p, size_t n) { uint32_t a = 1, b = 0; while (n--) { a = (a + *p++) % 65521; b = (b + a) % 65521; } return b << 16 | a; }

int main(void) {
    mktable();
    const char *s = "123456789";
    printf("crc32(123456789)=%08x bitwise=%08x crc32c=%08x adler=%08x\n", crc_table((const uint8_t *)s, 9), crc_bitwise((const uint8_t *)s, 9), crc32c_sw((const uint8_t *)s, 9), adler32((const uint8_t *)s, 9));
    static uint8_t buf[65536];
    for (size_t i = 0; i < sizeof buf; i++) buf[i] = (uint8_t)((i * 131u) ^ (i >> 7));
    for (size_t len = 0; len <= sizeof buf; len = len ? len * 4 : 1) {
        uint32_t t = crc_table(buf, len), b = crc_bitwise(buf, len);
        printf("len=%zu crc32=%08x match=%d crc32c=%08x adler32=%08x\n", len, t, t == b, crc32c_sw(buf, len), adler32(buf, len));
    }
    for (int off = 0; off < 8; off++) printf("off=%d crc=%08x\n", off, crc_table(buf + off, 1000 - (size_t)off));
    return 0;
}

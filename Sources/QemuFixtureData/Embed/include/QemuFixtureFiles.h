// The known-answer data files of Sources/QemuFixtureData/Data, embedded at build time.
#ifndef QEMU_FIXTURE_FILES_H
#define QEMU_FIXTURE_FILES_H

typedef enum {
    QEMU_FIXTURE_OUTOFLINE,
    QEMU_FIXTURE_FP_STATUS,
    QEMU_FIXTURE_SIMD_CHAINS,
    QEMU_FIXTURE_INTEGER,
    QEMU_FIXTURE_ATOMICS,
    QEMU_FIXTURE_ENCODINGS,
} QemuFixtureFileID;

typedef struct {
    const char *bytes;
    unsigned long count;
} QemuFixtureBytes;

/// The text of one part of a data file (parts 0, 1, ...; count 0 past the last part).
QemuFixtureBytes qemu_fixture_part(QemuFixtureFileID file, unsigned part);

#endif

// The data files are compiled into the binary with C23 #embed: the installed compat-run
// needs no resource bundle (and no Foundation) for `compat-run selftest`, and clang's
// dependency tracking rebuilds this file when a generator rewrites one.
#include "QemuFixtureFiles.h"

#pragma clang diagnostic ignored "-Wc23-extensions"

static const char outOfLine[] = {
#embed "../Data/outofline.txt"
};
static const char fpStatus[] = {
#embed "../Data/fp-status.txt"
};
static const char simdChains[] = {
#embed "../Data/simd-chains.txt"
};
static const char integer[] = {
#embed "../Data/integer.txt"
};
static const char atomics[] = {
#embed "../Data/atomics.txt"
};
static const char encodings[] = {
#embed "../Data/encodings.txt"
};

QemuFixtureBytes qemu_fixture_file(QemuFixtureFileID file) {
    switch (file) {
    case QEMU_FIXTURE_OUTOFLINE: return (QemuFixtureBytes){outOfLine, sizeof outOfLine};
    case QEMU_FIXTURE_FP_STATUS: return (QemuFixtureBytes){fpStatus, sizeof fpStatus};
    case QEMU_FIXTURE_SIMD_CHAINS: return (QemuFixtureBytes){simdChains, sizeof simdChains};
    case QEMU_FIXTURE_INTEGER: return (QemuFixtureBytes){integer, sizeof integer};
    case QEMU_FIXTURE_ATOMICS: return (QemuFixtureBytes){atomics, sizeof atomics};
    case QEMU_FIXTURE_ENCODINGS: return (QemuFixtureBytes){encodings, sizeof encodings};
    }
    return (QemuFixtureBytes){0, 0};
}

// The data files are compiled into the binary with C23 #embed: the installed compat-run
// needs no resource bundle (and no Foundation) for `compat-run selftest`, and clang's
// dependency tracking rebuilds this file when a generator rewrites one. A large file is
// stored as parts NAME.1.txt, NAME.2.txt, ... (fixture_files.py keeps each under 2 MB).
#include "QemuFixtureFiles.h"

#pragma clang diagnostic ignored "-Wc23-extensions"

static const char outOfLine1[] = {
#embed "../Data/outofline.1.txt"
};
static const char outOfLine2[] = {
#embed "../Data/outofline.2.txt"
};
static const char outOfLine3[] = {
#embed "../Data/outofline.3.txt"
};
static const char fpStatus1[] = {
#embed "../Data/fp-status.1.txt"
};
static const char fpStatus2[] = {
#embed "../Data/fp-status.2.txt"
};
static const char simdChains1[] = {
#embed "../Data/simd-chains.1.txt"
};
static const char simdChains2[] = {
#embed "../Data/simd-chains.2.txt"
};
static const char integer1[] = {
#embed "../Data/integer.1.txt"
};
static const char integer2[] = {
#embed "../Data/integer.2.txt"
};
static const char integer3[] = {
#embed "../Data/integer.3.txt"
};
static const char atomics1[] = {
#embed "../Data/atomics.txt"
};
static const char encodings1[] = {
#embed "../Data/encodings.txt"
};

#define PART(array) (QemuFixtureBytes){array, sizeof array}

QemuFixtureBytes qemu_fixture_part(QemuFixtureFileID file, unsigned part) {
    static const QemuFixtureBytes none = {0, 0};
    switch (file) {
    case QEMU_FIXTURE_OUTOFLINE: {
        const QemuFixtureBytes parts[] = {PART(outOfLine1), PART(outOfLine2), PART(outOfLine3)};
        return part < sizeof parts / sizeof parts[0] ? parts[part] : none;
    }
    case QEMU_FIXTURE_FP_STATUS: {
        const QemuFixtureBytes parts[] = {PART(fpStatus1), PART(fpStatus2)};
        return part < sizeof parts / sizeof parts[0] ? parts[part] : none;
    }
    case QEMU_FIXTURE_SIMD_CHAINS: {
        const QemuFixtureBytes parts[] = {PART(simdChains1), PART(simdChains2)};
        return part < sizeof parts / sizeof parts[0] ? parts[part] : none;
    }
    case QEMU_FIXTURE_INTEGER: {
        const QemuFixtureBytes parts[] = {PART(integer1), PART(integer2), PART(integer3)};
        return part < sizeof parts / sizeof parts[0] ? parts[part] : none;
    }
    case QEMU_FIXTURE_ATOMICS: {
        const QemuFixtureBytes parts[] = {PART(atomics1)};
        return part < sizeof parts / sizeof parts[0] ? parts[part] : none;
    }
    case QEMU_FIXTURE_ENCODINGS: {
        const QemuFixtureBytes parts[] = {PART(encodings1)};
        return part < sizeof parts / sizeof parts[0] ? parts[part] : none;
    }
    }
    return none;
}

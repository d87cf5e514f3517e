// glibc's posix_spawn_file_actions_addchdir_np is a _GNU_SOURCE function the Swift Glibc
// module does not declare; calling it from C links it directly, so the static build has it
// too (a dlsym lookup finds nothing in a static executable).
#define _GNU_SOURCE
#include "CSupport.h"
#include <spawn.h>

int cr_spawn_actions_add_chdir(void *actions, const char *path) {
    return posix_spawn_file_actions_addchdir_np((posix_spawn_file_actions_t *)actions, path);
}

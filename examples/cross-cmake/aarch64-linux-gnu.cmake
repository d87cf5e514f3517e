# Cross-compiling for arm64 Linux with Debian's gcc-aarch64-linux-gnu, running the results
# (ctest, try_run, custom commands) through compat-run.
#   cmake -S . -B build -DCMAKE_TOOLCHAIN_FILE=aarch64-linux-gnu.cmake [-DCOMPAT_RUN=/path/to/compat-run]
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_CXX_COMPILER aarch64-linux-gnu-g++)
# Libraries and headers come from the cross toolchain's sysroot; programs from the host.
set(CMAKE_FIND_ROOT_PATH /usr/aarch64-linux-gnu)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
# compat-run finds the arm64 dynamic linker in /usr/aarch64-linux-gnu by itself;
# add -L DIR here for another sysroot.
if(NOT COMPAT_RUN)
  set(COMPAT_RUN compat-run)
endif()
set(CMAKE_CROSSCOMPILING_EMULATOR ${COMPAT_RUN})

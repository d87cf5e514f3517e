// SyscallShim: Linux arm64 personality.

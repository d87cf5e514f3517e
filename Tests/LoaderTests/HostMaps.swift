// This process's /proc/self/maps, read with read(2) to the end: a /proc file has no size, and
// Foundation's String(contentsOfFile:) sometimes returned it short (CodeMemoryTests saw 5 of 60).
import Glibc

/// The lines of /proc/self/maps.
func hostMapsLines() -> [Substring] {
    let fd = open("/proc/self/maps", O_RDONLY)
    guard fd >= 0 else { return [] }
    defer { close(fd) }
    var bytes: [UInt8] = [], chunk = [UInt8](repeating: 0, count: 1 << 16)
    while case let n = read(fd, &chunk, chunk.count), n > 0 { bytes += chunk[..<n] }
    return String(decoding: bytes, as: UTF8.self).split(separator: "\n")
}

// The emulated program break (Linux's mm->start_brk / mm->brk). The host's break
// belongs to compat-run's own malloc, so the guest's moves inside a region the loader
// reserved PROT_NONE after the image (Loader/BrkReservation.swift). This type holds the
// rules of brk(2); MemorySyscalls.swift does the page work they ask for.

/// The guest's break and the reservation it moves in. Shared by every thread of the
/// process (it is part of the mm); GuestProcessState keeps it under its lock.
struct ProgramBreak: Equatable, Sendable {
    /// The initial break: the start of the reservation (brk never goes below it).
    let start: UInt64
    /// The end of the reservation: the highest break brk grants.
    let limit: UInt64
    /// The break as the guest last set it (not page-aligned: brk returns what was asked).
    private(set) var current: UInt64

    init(start: UInt64, limit: UInt64) {
        self.start = start
        self.limit = limit
        self.current = start
    }

    /// The whole reserved region: compat-run holds it, but it is free address space to the guest.
    var reservation: Range<UInt64> { start..<limit }

    /// The pages below the break, [start, page-rounded break): /proc/self/maps' [heap].
    var heap: Range<UInt64> { start..<MemoryFlags.pageUp(current) }

    /// True when [start, end) lies in the reservation above the break: pages the guest
    /// may map there as if the address space were free (the host sees PROT_NONE).
    func isUnusedReservation(_ rangeStart: UInt64, _ rangeEnd: UInt64) -> Bool {
        rangeStart >= MemoryFlags.pageUp(current) && rangeEnd <= limit && rangeEnd > rangeStart
    }

    /// What brk(requested) asks of the pages, before anything changes.
    enum Request: Equatable, Sendable {
        /// Outside [start, limit] (brk(0) included): brk answers with the current break.
        case refused
        /// Within the pages the heap already has: only the recorded break moves.
        case samePages
        /// These pages become accessible (Linux refuses when a mapping lies in them).
        case grows(Range<UInt64>)
        /// These pages go back to the reservation, their contents dropped.
        case shrinks(Range<UInt64>)
    }

    func request(_ requested: UInt64) -> Request {
        guard requested >= start, requested <= limit else { return .refused }
        let oldTop = MemoryFlags.pageUp(current), newTop = MemoryFlags.pageUp(requested)
        if newTop > oldTop { return .grows(oldTop..<newTop) }
        if newTop < oldTop { return .shrinks(newTop..<oldTop) }
        return .samePages
    }

    /// Records the new break once its page work succeeded; `requested` must not be refused.
    mutating func move(to requested: UInt64) {
        precondition(request(requested) != .refused, "brk moved outside its reservation")
        current = requested
    }
}

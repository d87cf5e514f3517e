// Flat tables of the loop promotion plan (LoopPromotion.swift): indexed by guest register
// number or by op index, with no hashing and, once the scratch is big enough, no allocation
// per planned block (the plan ran once per loop block on the translation path).

/// The host register of each guest register 0...31, if promoted: one byte each, inline.
struct GuestRegisterHosts {
    /// Reg.rawValue + 1 per guest register; 0 when not promoted.
    private var bytes = SIMD32<UInt8>(repeating: 0)

    subscript(guest: Int) -> Reg? {
        get { bytes[guest] == 0 ? nil : Reg(rawValue: bytes[guest] &- 1) }
        set { bytes[guest] = newValue.map { $0.rawValue &+ 1 } ?? 0 }
    }
}

/// Storage LoopPromotion.plan reuses from block to block (the emitter keeps one): the plan's
/// per-op roles and its per-op and per-value working tables. A plan reads its roles from here,
/// so it holds until the next plan made with the same scratch.
final class LoopPlanScratch {
    /// Per op: `aliasableBit`, or the in-place result's host register (Reg.rawValue + 1), or 0.
    private(set) var roles = UnsafeMutableBufferPointer<UInt8>(start: nil, count: 0)
    /// Per op, plus one: working integers (values ending at an op, an op's register's next write).
    private(set) var opInts = UnsafeMutableBufferPointer<Int>(start: nil, count: 0)
    /// Per value: the guest register a read-in-place getReg's value aliases, or `noRegister`.
    private(set) var aliasOf = UnsafeMutableBufferPointer<UInt8>(start: nil, count: 0)

    static let aliasableBit: UInt8 = 0x80
    static let noRegister: UInt8 = 0xff

    init() {}

    deinit { roles.deallocate(); opInts.deallocate(); aliasOf.deallocate() }

    /// Makes the tables at least `ops` (roles, cleared; working integers, one more) and `values`
    /// long (aliasOf, all `noRegister`), keeping storage that is already big enough.
    func prepare(ops: Int, values: Int) {
        if roles.count < ops {
            roles.deallocate(); opInts.deallocate()
            let n = max(ops, 2 * roles.count, 64)
            roles = .allocate(capacity: n)
            opInts = .allocate(capacity: n + 1)
        }
        if aliasOf.count < values {
            aliasOf.deallocate()
            aliasOf = .allocate(capacity: max(values, 2 * aliasOf.count, 64))
        }
        if ops > 0 { UnsafeMutableBufferPointer(rebasing: roles[0..<ops]).update(repeating: 0) }
        if values > 0 { UnsafeMutableBufferPointer(rebasing: aliasOf[0..<values]).update(repeating: Self.noRegister) }
    }
}

/// The getReg ops whose value can live in the guest register's host register itself, by op index.
struct AliasableReads {
    let roles: UnsafePointer<UInt8>?
    let count: Int

    func contains(_ op: Int) -> Bool {
        guard let roles, op >= 0, op < count else { return false }
        return roles[op] & LoopPlanScratch.aliasableBit != 0
    }
}

/// Ops whose result goes straight into a promoted register's host register, by op index.
struct InPlaceResults {
    let roles: UnsafePointer<UInt8>?
    let count: Int

    subscript(op: Int) -> Reg? {
        guard let roles, op >= 0, op < count else { return nil }
        let host = roles[op] & ~LoopPlanScratch.aliasableBit
        return host == 0 ? nil : Reg(rawValue: host &- 1)
    }
}

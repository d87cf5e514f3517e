// The size:V:opc combinations of the single-register load/store classes (Arm ARM
// C4.1.94, "Load/store register"): which register kind moves how many bytes. Rows the
// table does not list are unallocated.

struct LoadStoreAccess: Sendable {
    enum Kind: Sendable { case store, load, signedLoad64, signedLoad32, prefetch, simdStore, simdLoad }

    /// size and opc as the pattern's bit strings.
    let size: String
    let simd: Bool
    let opc: String
    let kind: Kind

    static let table: [LoadStoreAccess] = [
        .init(size: "00", simd: false, opc: "00", kind: .store),        // STRB
        .init(size: "00", simd: false, opc: "01", kind: .load),         // LDRB
        .init(size: "00", simd: false, opc: "10", kind: .signedLoad64), // LDRSB Xt
        .init(size: "00", simd: false, opc: "11", kind: .signedLoad32), // LDRSB Wt
        .init(size: "01", simd: false, opc: "00", kind: .store),        // STRH
        .init(size: "01", simd: false, opc: "01", kind: .load),         // LDRH
        .init(size: "01", simd: false, opc: "10", kind: .signedLoad64), // LDRSH Xt
        .init(size: "01", simd: false, opc: "11", kind: .signedLoad32), // LDRSH Wt
        .init(size: "10", simd: false, opc: "00", kind: .store),        // STR Wt
        .init(size: "10", simd: false, opc: "01", kind: .load),         // LDR Wt
        .init(size: "10", simd: false, opc: "10", kind: .signedLoad64), // LDRSW
        .init(size: "11", simd: false, opc: "00", kind: .store),        // STR Xt
        .init(size: "11", simd: false, opc: "01", kind: .load),         // LDR Xt
        .init(size: "11", simd: false, opc: "10", kind: .prefetch),     // PRFM, PRFUM
        .init(size: "xx", simd: true, opc: "00", kind: .simdStore),     // STR Bt, Ht, St, Dt
        .init(size: "xx", simd: true, opc: "01", kind: .simdLoad),
        .init(size: "00", simd: true, opc: "10", kind: .simdStore),     // STR Qt
        .init(size: "00", simd: true, opc: "11", kind: .simdLoad),      // LDR Qt
    ]
}

// `compat-run selftest --reference CMD`: fresh inputs for fixture encodings, run under a reference.
enum SelfTestReference {
    static func supports(_ c: SelfTestCase) -> Bool { false }
    static func generate(from pool: [SelfTestCase], count: Int, rng: inout SplitMix64) -> [SelfTestCase] { [] }
    static func run(_ cases: [SelfTestCase], reference: [String]) throws -> [SelfTestResult] { [] }
}

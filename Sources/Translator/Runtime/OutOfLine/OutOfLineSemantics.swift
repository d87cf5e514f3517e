// Out-of-line semantics for the long tail of FP/SIMD instructions: called from
// generated code with the state block and the instruction word.

enum OutOfLineSemantics {
    /// Whether `execute` implements this instruction (else the lifter raises SIGILL).
    static func supports(_ family: OutOfLine, _ word: UInt32) -> Bool { false }

    static func execute(_ family: OutOfLine, _ word: UInt32, _ cpu: CPUState) {}
}

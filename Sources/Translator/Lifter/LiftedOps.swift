// The ops of the block being lifted, appended to raw storage and handed to the block's
// arrays in one bulk append when the block is finished. The lifter appends two to three
// ops per guest instruction; an Array append (to `ops` and to `opInstruction`) paid a
// uniqueness check, a capacity check and a call each, ~76 host instructions per op.

final class LiftedOps {
    private var ops: UnsafeMutablePointer<IROp>
    private var instructions: UnsafeMutablePointer<UInt16>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int = 256) {
        self.capacity = capacity
        ops = .allocate(capacity: capacity)
        instructions = .allocate(capacity: capacity)
    }

    deinit {
        ops.deinitialize(count: count)
        ops.deallocate()
        instructions.deallocate()
    }

    /// Appends `op`, lifted from the guest instruction `instruction` (offset in instructions).
    @inline(__always) func append(_ op: IROp, instruction: UInt16) {
        if count == capacity { grow() }
        (ops + count).initialize(to: op)
        instructions[count] = instruction
        count += 1
    }

    /// Doubles the storage (rare: it keeps the largest block's size).
    @inline(never) private func grow() {
        let newCapacity = 2 * capacity
        let newOps = UnsafeMutablePointer<IROp>.allocate(capacity: newCapacity)
        newOps.moveInitialize(from: ops, count: count)
        ops.deallocate()
        ops = newOps
        let newInstructions = UnsafeMutablePointer<UInt16>.allocate(capacity: newCapacity)
        newInstructions.initialize(from: instructions, count: count)
        instructions.deallocate()
        instructions = newInstructions
        capacity = newCapacity
    }

    /// Appends the ops to the block's arrays and empties the buffer.
    func flush(into block: inout IRBlock) {
        guard count > 0 else { return }
        block.ops.append(contentsOf: UnsafeBufferPointer(start: ops, count: count))
        block.opInstruction.append(contentsOf: UnsafeBufferPointer(start: instructions, count: count))
        removeAll()
    }

    /// Drops the ops not yet flushed.
    func removeAll() {
        ops.deinitialize(count: count)
        count = 0
    }
}

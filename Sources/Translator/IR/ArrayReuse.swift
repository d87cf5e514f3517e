// Emptying the arrays the translator reuses from block to block. `removeAll(keepingCapacity:)`
// goes through the generic replaceSubrange even for an empty array; the translator empties
// several arrays per block, so that showed in the profile (~2% of translation). So does
// `removeLast(k)` (~100 instructions a call under callgrind): a few elements are popped one by
// one instead (a uniqueness check and a decrement each).

extension Array {
    /// Removes every element, keeping the storage; nothing at all when already empty.
    @inline(__always) mutating func empty() { truncate(to: 0) }

    /// Removes the elements from `newCount` on, keeping the storage.
    @inline(__always) mutating func truncate(to newCount: Int) {
        let excess = count - newCount
        if excess <= 0 { return }
        if excess <= 6 { for _ in 0..<excess { removeLast() } } else { removeLast(excess) }
    }
}

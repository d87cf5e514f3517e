// Emptying the arrays the translator reuses from block to block. `removeAll(keepingCapacity:)`
// goes through the generic replaceSubrange even for an empty array; the translator empties
// several arrays per block, so that showed in the profile (~2% of translation).

extension Array {
    /// Removes every element, keeping the storage; nothing at all when already empty.
    @inline(__always) mutating func empty() {
        if !isEmpty { removeLast(count) }
    }
}

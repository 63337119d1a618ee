/// A set of state indices as a bitset; iteration is in document order.
struct StateSet: Sendable, Hashable {
    var words: [UInt64]

    init(capacity: Int) {
        words = Array(repeating: 0, count: (capacity + 63) / 64)
    }

    @inline(__always)
    func contains(_ state: Int) -> Bool {
        words[state >> 6] & (1 << UInt64(state & 63)) != 0
    }

    @inline(__always)
    mutating func insert(_ state: Int) {
        words[state >> 6] |= 1 << UInt64(state & 63)
    }

    @inline(__always)
    mutating func remove(_ state: Int) {
        words[state >> 6] &= ~(1 << UInt64(state & 63))
    }

    mutating func removeAll() {
        for i in words.indices { words[i] = 0 }
    }

    var isEmpty: Bool { words.allSatisfy { $0 == 0 } }

    func intersects(_ other: StateSet) -> Bool {
        for i in words.indices where words[i] & other.words[i] != 0 { return true }
        return false
    }

    /// Whether any member lies in the index range (used for "some descendant of").
    func containsAny(in range: Range<Int>) -> Bool {
        var state = range.lowerBound
        while state < range.upperBound {
            if state & 63 == 0 && range.upperBound - state >= 64 {
                if words[state >> 6] != 0 { return true }
                state += 64
                continue
            }
            if contains(state) { return true }
            state += 1
        }
        return false
    }

    /// Adds the members of `other` that lie in `range`, a word at a time.
    mutating func formUnion(_ other: StateSet, in range: Range<Int>) {
        guard !range.isEmpty else { return }
        let first = range.lowerBound >> 6
        let last = (range.upperBound - 1) >> 6
        for word in first...last {
            var mask = UInt64.max
            if word == first { mask &= UInt64.max << UInt64(range.lowerBound & 63) }
            if word == last {
                let bits = range.upperBound - (word << 6)
                if bits < 64 { mask &= (1 << UInt64(bits)) - 1 }
            }
            words[word] |= other.words[word] & mask
        }
    }

    /// Members in document order.
    var members: [Int] {
        var result: [Int] = []
        for (w, word) in words.enumerated() where word != 0 {
            var bits = word
            while bits != 0 {
                result.append(w << 6 + bits.trailingZeroBitCount)
                bits &= bits - 1
            }
        }
        return result
    }
}

/// A seeded mutation fuzzer for builds without libFuzzer: byte flips, insertions, deletions, duplicated chunks,
/// splices with another corpus input and dictionary tokens, from a SplitMix64 seed so every run can be replayed.
public struct Mutator {
    private var state: UInt64
    private let dictionary: [[UInt8]]

    /// Creates a mutator from a seed and tokens worth inserting (XML names, JSON punctuation, operators).
    public init(seed: UInt64, dictionary: [String] = Mutator.tokens) {
        state = seed
        self.dictionary = dictionary.map { Array($0.utf8) }
    }

    /// Tokens for every target: markup, JSON and expression syntax that random bytes rarely hit.
    public static let tokens = [
        "<", ">", "</", "/>", "<?xml version=\"1.0\"?>", "<!DOCTYPE x [<!ENTITY e \"ee\">]>", "&e;", "<![CDATA[",
        "]]>", "<state id=\"s\">", "</state>", "<transition event=\"e\" target=\"s\"/>", "<parallel>", "<final/>",
        "<history type=\"deep\"/>", "<send delay=\"P1D\"/>", "<invoke>", "cond=\"", "acc:roles=\"", "xmlns=\"",
        "{", "}", "[", "]", ":", ",", "\"", "\\u0000", "\\ud800", "1e308", "-0", "0.1", "true", "null", "(", ")",
        "&&", "||", "!", "==", "!=", "<=", "In('s')", "missingEvidence()", "_event.data.x", "'", "9999999999999999999",
    ]

    /// The next pseudo-random number.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    private mutating func below(_ bound: Int) -> Int { bound <= 0 ? 0 : Int(next() % UInt64(bound)) }

    /// One to four mutations of `input`, possibly splicing in part of `other`.
    public mutating func mutate(_ input: [UInt8], other: [UInt8]) -> [UInt8] {
        var bytes = input
        for _ in 0...below(4) {
            let position = below(bytes.count + 1)
            switch below(7) {
            case 0 where !bytes.isEmpty:
                bytes[min(position, bytes.count - 1)] ^= UInt8(1 << below(8))
            case 1:
                bytes.insert(UInt8(truncatingIfNeeded: next()), at: position)
            case 2 where !bytes.isEmpty:
                let end = min(bytes.count, position + 1 + below(16))
                bytes.removeSubrange(min(position, end)..<end)
            case 3 where !bytes.isEmpty:
                let start = below(bytes.count)
                let chunk = bytes[start..<min(bytes.count, start + 1 + below(64))]
                bytes.insert(contentsOf: chunk, at: position)
            case 4 where !other.isEmpty:
                let start = below(other.count)
                bytes.insert(contentsOf: other[start..<min(other.count, start + 1 + below(256))], at: position)
            case 5 where !bytes.isEmpty:
                bytes[min(position, bytes.count - 1)] = [0, 0xFF, 0x7F, 0x80, 0xC0, 0x22, 0x3C][below(7)]
            default:
                bytes.insert(contentsOf: dictionary[below(dictionary.count)], at: position)
            }
        }
        return bytes
    }
}

import Statecharts

extension ChainVerifier {
    /// Checks the next stored event from its raw column bytes.
    ///
    /// An event in order (the next seq, linked to the event before, plain ASCII strings, its hash matching) is
    /// checked straight from the bytes, building no strings or arrays. Anything else is copied out and goes through
    /// ``check(_:)-(ChainRecord)``, which finds and reports what is wrong, so both routes report the same findings.
    public mutating func check(_ raw: RawChainRecord) {
        guard raw.seq == lastSeq + 1, raw.hash.count == 32, recomputedHead == lastStoredHash,
            EnvelopeHasher.same(raw.previousHash, lastStoredHash), EnvelopeHasher.same(raw.caseID, caseIDBytes),
            raw.hasPlainStrings
        else {
            check(raw.record)
            return
        }
        hasher.encode(raw: raw)
        guard EnvelopeHasher.equal(hasher.digest(afterRaw: raw.previousHash), raw: raw.hash) else {
            check(raw.record)
            return
        }
        Self.assign(raw.hash, to: &lastStoredHash)
        Self.assign(raw.hash, to: &recomputedHead)
        if claimedHeads.count < claims.count { captureClaims(at: raw.seq) }
        lastSeq = raw.seq
        eventCount += 1
        rawChecks += 1
    }

    /// Overwrites an array with raw bytes, in place when the sizes agree.
    private static func assign(_ bytes: UnsafeRawBufferPointer, to array: inout [UInt8]) {
        guard array.count == bytes.count else {
            array = Array(bytes)
            return
        }
        array.withUnsafeMutableBytes { $0.copyMemory(from: bytes) }
    }
}

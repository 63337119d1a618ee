/// Checks evidence metadata against the blob store and, when asked, repairs what can be repaired.
public struct EvidenceFsck {
    /// One disagreement between metadata and files.
    public struct Finding: Hashable, Sendable, CustomStringConvertible {
        /// The kinds of disagreement.
        public enum Kind: String, Hashable, Sendable {
            /// Metadata names a file that is not in the store; the evidence must be uploaded again.
            case missing
            /// The stored file's content no longer matches its hash; it is quarantined on repair.
            case corrupt
            /// A stored file that no evidence names; kept, even on repair, until an administrator disposes of it
            /// (``EvidenceRegistry/recordDisposal(of:by:reason:)``); a disposed-of file is deleted on repair.
            case orphaned
            /// A temporary file left by an interrupted upload; deleted on repair once older than the grace period.
            case staleTemporary = "stale-temporary"
        }

        /// What disagrees.
        public var kind: Kind
        /// The blob address or file path involved.
        public var subject: String
        /// The evidence that names it, as `case/evidence`, when any does.
        public var evidence: [String]
        /// Whether repair fixed it.
        public var repaired: Bool
        /// What to do, or what was done.
        public var action: String

        /// `kind subject (evidence): action`.
        public var description: String {
            let owners = evidence.isEmpty ? "" : " (\(evidence.joined(separator: ", ")))"
            return "\(kind.rawValue) \(subject)\(owners): \(action)"
        }
    }

    /// The metadata source.
    public let registry: EvidenceRegistry
    /// The files.
    public let blobs: BlobStore
    /// Orphans and temporary files younger than this many seconds are left alone: an upload may be in flight.
    public var graceSeconds: Int64 = 3600

    /// Creates a checker.
    public init(registry: EvidenceRegistry, blobs: BlobStore) {
        self.registry = registry
        self.blobs = blobs
    }

    /// Compares every evidence record with the store.
    ///
    /// - Parameters:
    ///   - repair: Quarantine corrupt files, delete stale temporary files and the files administrators disposed of;
    ///     never an orphan nobody decided on.
    ///   - now: The current time in seconds since the epoch (for the grace period).
    /// - Returns: Every finding; empty when all is well.
    /// - Throws: ``StoreError`` when the metadata cannot be read.
    public func run(repair: Bool, now: Int64) throws(StoreError) -> [Finding] {
        let records = try registry.records()
        var owners: [String: [String]] = [:]
        for record in records { owners[record.sha256, default: []].append("\(record.caseID)/\(record.evidenceID)") }
        var findings: [Finding] = []
        for (sha256, names) in owners.sorted(by: { $0.key < $1.key }) {
            switch blobs.check(sha256) {
            case .intact:
                continue
            case .missing:
                findings.append(
                    Finding(
                        kind: .missing, subject: sha256, evidence: names, repaired: false,
                        action: "upload the file again as new evidence"))
            case .corrupt(let actual):
                var finding = Finding(
                    kind: .corrupt, subject: sha256, evidence: names, repaired: false,
                    action: "content now hashes to \(actual.prefix(12))…; upload the file again")
                if repair, (try? blobs.quarantine(sha256)) != nil {
                    finding.repaired = true
                    finding.action += " (moved to quarantine/)"
                }
                findings.append(finding)
            }
        }
        let disposed = try registry.disposedHashes()
        for sha256 in blobs.storedHashes() where owners[sha256] == nil {
            guard disposed.contains(sha256) else {
                findings.append(
                    Finding(
                        kind: .orphaned, subject: sha256, evidence: [], repaired: false,
                        action: "kept: an administrator decides whether to dispose of it (with a reason, logged)"))
                continue
            }
            var finding = Finding(
                kind: .orphaned, subject: sha256, evidence: [], repaired: false,
                action: "disposed of by an administrator")
            if repair {
                finding.repaired = FileSystem.remove(blobs.path(of: sha256))
                finding.action += finding.repaired ? "; deleted" : "; could not be deleted"
            }
            findings.append(finding)
        }
        for path in blobs.temporaryFiles() {
            findings.append(sweep(.staleTemporary, path: path, subject: path, repair: repair, now: now))
        }
        return findings
    }

    private func sweep(_ kind: Finding.Kind, path: String, subject: String, repair: Bool, now: Int64) -> Finding {
        var finding = Finding(kind: kind, subject: subject, evidence: [], repaired: false, action: "")
        if blobs.ageInSeconds(path, now: now) < graceSeconds {
            finding.action = "recent; an upload may be in progress, left alone"
        } else if repair {
            finding.repaired = FileSystem.remove(path)
            finding.action = finding.repaired ? "deleted" : "could not be deleted"
        } else {
            finding.action = "run with --repair to delete it"
        }
        return finding
    }
}

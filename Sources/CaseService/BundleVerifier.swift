import AccreditEngine
import Crypto
import EvidenceStore
import Statecharts
import Workflows

/// Verifies a ``CaseBundle`` completely offline (no database): the hash chain and the stored head, the checkpoint's
/// signature and the case head's inclusion proof, the bundled definitions against the events' definition hash, the
/// evidence metadata against the log and the included files against their hashes, and a replay of every event
/// through the bundled definitions compared with the bundled projection.
public enum BundleVerifier {
    /// Every problem with a bundle, in the order checked; empty when it verifies.
    ///
    /// Fails closed: a bundle without a checkpoint (`checkpoint-missing`), or with events after its checkpoint
    /// (`checkpoint-uncovered`), never verifies, since nothing outside the bundle vouches for those events.
    ///
    /// - Parameter trusted: The keys the checkpoint may be signed with: the installation's published keys, never
    ///   one read from the bundle.
    public static func verify(_ bundle: CaseBundle, trusting trusted: TrustedKeys) -> [AuditFinding] {
        let caseID = bundle.caseID
        var findings: [AuditFinding] = []
        func report(_ seq: Int64?, _ kind: AuditFinding.Kind, _ expected: String, _ actual: String, _ message: String) {
            findings.append(
                AuditFinding(caseID: caseID, seq: seq, kind: kind, expected: expected, actual: actual, message: message)
            )
        }

        // The chain, the stored head and, through the checkpoint's head, history before the checkpoint.
        findings += ChainVerifier.verify(
            caseID: caseID, records: bundle.events,
            stored: CaseHeadClaim(version: bundle.version, head: bundle.headHash),
            checkpoint: bundle.checkpoint.map(\.head.claim))

        // The checkpoint: present, covering every event, signed by the trusted key, the case's head a leaf of its root.
        guard let proof = bundle.checkpoint else {
            report(
                nil, .checkpointMissing, "a checkpoint signed by a trusted key", "none",
                "no signed checkpoint vouches for the bundle: its history could have been invented")
            return findings + otherFindings(bundle)
        }
        if bundle.version > proof.head.version {
            report(
                proof.head.version + 1, .checkpointUncovered, "events up to seq \(proof.head.version)",
                "events \(proof.head.version + 1)...\(bundle.version)",
                "seq \(proof.head.version + 1) to \(bundle.version) come after the bundle's checkpoint: nothing signed "
                    + "vouches for them")
        }
        do {
            if proof.head.caseID != caseID {
                report(nil, .checkpointInclusion, caseID, proof.head.caseID, "the checkpoint head is another case's")
            }
            if !trusted.trusts(proof.publicKey) {
                report(
                    nil, .checkpointSignature, "a trusted key", KeyFingerprint.of(proof.publicKey),
                    "the checkpoint was not signed by the trusted key")
            }
            if proof.publicKey.count != 32
                || !Ed25519Key.isValidSignature(proof.signature, of: proof.signedBytes, publicKey: proof.publicKey)
            {
                report(
                    nil, .checkpointSignature, "a valid Ed25519 signature", "an invalid one",
                    "the checkpoint's signature does not verify under its public key")
            }
            if !MerkleTree.verifyInclusion(
                leafHash: MerkleTree.leafHash(proof.head.leaf), index: proof.leafIndex, treeSize: Int(proof.treeSize),
                proof: proof.path, rootHash: proof.rootHash)
            {
                report(
                    proof.head.version, .checkpointInclusion, "root \(HashChain.hex(proof.rootHash))",
                    "a proof that does not lead to it",
                    "the case's head is not proven to be in the signed checkpoint")
            }
        }
        return findings + otherFindings(bundle)
    }

    /// The definitions, evidence and replay findings of a bundle.
    private static func otherFindings(_ bundle: CaseBundle) -> [AuditFinding] {
        let caseID = bundle.caseID
        var findings: [AuditFinding] = []
        func report(_ seq: Int64?, _ kind: AuditFinding.Kind, _ expected: String, _ actual: String, _ message: String) {
            findings.append(
                AuditFinding(caseID: caseID, seq: seq, kind: kind, expected: expected, actual: actual, message: message)
            )
        }

        // The definitions: their sources hash to what the catalog recorded, and each event names the version in
        // force when it was appended (the pinned one, or an earlier one for a case that moved).
        for definition in [bundle.workflow, bundle.framework] + bundle.earlierWorkflows {
            let actual = DefinitionCatalog.sha256(of: definition.source)
            if actual != definition.sha256 {
                report(
                    nil, .definitionSource, definition.sha256, actual,
                    "the bundled source of \(definition.name)@\(definition.version) was changed")
            }
        }
        findings += migrationAudit(bundle).versionFindings(bundle.events.map(\.envelope), pinnedSince: nil)

        // Evidence: each item agrees with the event that wrote it (one the bundled workflow declares with
        // acc:action="upload", or "reuse-evidence" for an item reused in a renewal), and each included file hashes to
        // its metadata.
        let document = try? SCXMLLoader.loadStored(Array(bundle.workflow.source.utf8), file: bundle.workflow.name)
        let uploads = Set(
            (document?.eventNames(for: .upload) ?? []) + (document?.eventNames(for: .reuseEvidence) ?? []))
        let events = Dictionary(bundle.events.map { ($0.envelope.seq, $0.envelope) }, uniquingKeysWith: { a, _ in a })
        for item in bundle.evidence {
            let record = item.record
            let upload = events[record.recordedSeq]
            let payload = upload?.payload
            if !uploads.contains(upload?.type ?? "") || payload?["evidence"] != .string(record.evidenceID)
                || payload?["sha256"] != .string(record.sha256) || payload?["size"] != .integer(record.size)
            {
                report(
                    record.recordedSeq, .evidenceMetadata,
                    "evidence \(record.evidenceID) sha256 \(record.sha256) size \(record.size)",
                    payload.map { CanonicalJSON.encode($0) } ?? "no upload event",
                    "evidence \(record.evidenceID)'s metadata does not match its upload event")
            }
            if let content = item.content {
                let actual = HashChain.hex(Array(SHA256.hash(data: content)))
                if actual != record.sha256 || Int64(content.count) != record.size {
                    report(
                        record.recordedSeq, .evidenceCorrupt, "sha256 \(record.sha256) size \(record.size)",
                        "sha256 \(actual) size \(content.count)",
                        "evidence \(record.evidenceID)'s bundled file does not match its metadata")
                }
            }
        }

        let described = Set(bundle.evidence.map(\.record.evidenceID))
        for record in bundle.events where uploads.contains(record.envelope.type) {
            if case .string(let id)? = record.envelope.payload["evidence"], !described.contains(id) {
                report(
                    record.envelope.seq, .evidenceMissing, "metadata for evidence \(id)", "none",
                    "the bundle leaves out evidence \(id) that the log records")
            }
        }

        // Replay through the bundled definitions.
        findings += replayFindings(bundle)
        return findings
    }

    /// Builds the case machine from the bundled sources and replays every event, comparing with the projection.
    private static func replayFindings(_ bundle: CaseBundle) -> [AuditFinding] {
        let caseID = bundle.caseID
        let machine: CaseMachine
        do {
            let framework = try FrameworkReader.loadFramework(
                Array(bundle.framework.source.utf8), file: "\(bundle.framework.name)@\(bundle.framework.version)")
            let document = try SCXMLLoader.loadStored(
                Array(bundle.workflow.source.utf8), file: "\(bundle.workflow.name)@\(bundle.workflow.version)")
            machine = try CaseMachine(document: document, framework: framework.framework)
        } catch {
            return [
                AuditFinding(
                    caseID: caseID, seq: nil, kind: .replayRejected, expected: "loadable definitions",
                    actual: "\(error)", message: "the bundled definitions cannot be loaded")
            ]
        }
        var state = machine.open(caseID: caseID, at: bundle.openedAt)
        let migrations = migrationAudit(bundle).comparisonFindings(bundle.events.map(\.envelope))
        for record in bundle.events {
            if case .failure(let refusal) = machine.fold(record.envelope, into: &state) {
                return migrations + [
                    AuditFinding(
                        caseID: caseID, seq: record.envelope.seq, kind: .replayRejected,
                        expected: "accepted by the workflow", actual: refusal.rule, message: refusal.message)
                ]
            }
        }
        let stored = bundle.projection
        guard stored.status == state.status, stored.configuration == state.snapshot.configuration else {
            return migrations + [
                AuditFinding(
                    caseID: caseID, seq: bundle.version, kind: .projectionDiffers,
                    expected: "\(state.status) [\(state.snapshot.configuration.joined(separator: " "))]",
                    actual: "\(stored.status) [\(stored.configuration.joined(separator: " "))]",
                    message: "the bundled projection is not what replaying the events gives")
            ]
        }
        return migrations
    }

    /// The audit of the bundle's workflow versions: each version a migration names is built from a bundled source
    /// that hashes to the hash the migration recorded.
    private static func migrationAudit(_ bundle: CaseBundle) -> MigrationAudit {
        let frameworkSource = Array(bundle.framework.source.utf8)
        let definitions = [bundle.workflow] + bundle.earlierWorkflows
        return MigrationAudit(
            caseID: bundle.caseID, openedAt: bundle.openedAt,
            pinned: CaseMigration.Version(
                name: bundle.workflow.name, version: bundle.workflow.version,
                sha256: DefinitionCatalog.sha256(of: bundle.workflow.source)),
            frameworkSHA: DefinitionCatalog.sha256(of: bundle.framework.source)
        ) { version in
            guard
                let definition = definitions.first(where: {
                    $0.name == version.name && $0.version == version.version
                        && DefinitionCatalog.sha256(of: $0.source) == version.sha256
                })
            else {
                return .failure(
                    MigrationAudit.MachineUnavailable(
                        reason: "the bundle holds no source of \(version.label) with sha256 \(version.sha256)"))
            }
            do {
                let framework = try FrameworkReader.loadFramework(
                    frameworkSource, file: "\(bundle.framework.name)@\(bundle.framework.version)")
                let document = try SCXMLLoader.loadStored(Array(definition.source.utf8), file: version.label)
                return .success(try CaseMachine(document: document, framework: framework.framework))
            } catch {
                return .failure(MigrationAudit.MachineUnavailable(reason: "\(version.label): \(error)"))
            }
        }
    }
}

extension AuditFinding.Kind {
    /// A bundled definition's source does not hash to its recorded hash, or events name other definitions.
    public static let definitionSource = AuditFinding.Kind(rawValue: "definition-source")
    /// A bundled inclusion proof does not lead from the case's head to the checkpoint's root.
    public static let checkpointInclusion = AuditFinding.Kind(rawValue: "checkpoint-inclusion")
}

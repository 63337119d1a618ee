import AccreditEngine
import EvidenceStore
import Foundation
import Statecharts

/// A self-contained export of one case for offline audit: one canonical JSON document (format
/// `accredit-bundle/1`) with the events and their hashes, the pinned workflow and framework sources, the evidence
/// metadata (and, optionally, the files, base64), and the latest checkpoint's signed fields with the case's head and
/// inclusion proof. See docs/audit.md.
public struct CaseBundle: Hashable, Sendable {
    /// The format tag written in every bundle.
    public static let format = "accredit-bundle/1"

    /// A stored workflow or framework version.
    public struct Definition: Hashable, Sendable {
        /// Its name.
        public var name: String
        /// Its version.
        public var version: String
        /// The SHA-256 (hex) the catalog recorded for its source.
        public var sha256: String
        /// The source text exactly as stored.
        public var source: String

        /// Creates a definition.
        public init(name: String, version: String, sha256: String, source: String) {
            self.name = name
            self.version = version
            self.sha256 = sha256
            self.source = source
        }
    }

    /// One evidence item: its metadata and, when exported with files, its content.
    public struct Evidence: Hashable, Sendable {
        /// The metadata as stored.
        public var record: EvidenceRecord
        /// The file's bytes, when included.
        public var content: [UInt8]?

        /// Creates an item.
        public init(record: EvidenceRecord, content: [UInt8]?) {
            self.record = record
            self.content = content
        }
    }

    /// The latest checkpoint's signed fields, the case's head in it, and the head's inclusion proof.
    public struct CheckpointProof: Hashable, Sendable {
        /// When the checkpoint was taken.
        public var createdAt: Instant
        /// The number of case heads in its tree.
        public var treeSize: Int64
        /// Its Merkle root.
        public var rootHash: [UInt8]
        /// The Ed25519 signature over the signed fields.
        public var signature: [UInt8]
        /// The raw public key that signed it.
        public var publicKey: [UInt8]
        /// The case's head as the checkpoint recorded it.
        public var head: CheckpointHead
        /// The head's leaf index in the tree.
        public var leafIndex: Int
        /// The audit path from the head's leaf to the root.
        public var path: [[UInt8]]
        /// The checkpoint's format tag (``Checkpoint/format``, or ``Checkpoint/legacyFormat`` for an unchained one).
        public var formatTag: String
        /// Its sequence in the chain (0 for an unchained one).
        public var sequence: Int64
        /// The root of the checkpoint before it.
        public var previousRoot: [UInt8]

        /// Creates a proof.
        public init(
            createdAt: Instant, treeSize: Int64, rootHash: [UInt8], signature: [UInt8], publicKey: [UInt8],
            head: CheckpointHead, leafIndex: Int, path: [[UInt8]], formatTag: String = Checkpoint.format,
            sequence: Int64 = 1, previousRoot: [UInt8] = HashChain.genesis
        ) {
            self.formatTag = formatTag
            self.sequence = sequence
            self.previousRoot = previousRoot
            self.createdAt = createdAt
            self.treeSize = treeSize
            self.rootHash = rootHash
            self.signature = signature
            self.publicKey = publicKey
            self.head = head
            self.leafIndex = leafIndex
            self.path = path
        }

        /// The bytes the signature covers (the same as a full checkpoint's).
        public var signedBytes: [UInt8] {
            Checkpoint(
                createdAt: createdAt, treeSize: treeSize, rootHash: rootHash, heads: [], signature: signature,
                publicKey: publicKey, formatTag: formatTag, sequence: sequence, previousRoot: previousRoot
            ).signedBytes
        }
    }

    /// The case.
    public var caseID: String
    /// Its organisation.
    public var organisationID: String
    /// When it was opened (the replay's starting time).
    public var openedAt: Instant
    /// The stored version (number of events).
    public var version: Int64
    /// The stored head hash.
    public var headHash: [UInt8]
    /// The stored projection.
    public var projection: CaseProjection
    /// The pinned workflow.
    public var workflow: Definition
    /// The pinned framework.
    public var framework: Definition
    /// Every event with its stored hashes, in seq order.
    public var events: [ChainRecord]
    /// The evidence.
    public var evidence: [Evidence]
    /// The latest checkpoint covering the case, if any.
    public var checkpoint: CheckpointProof?
    /// The workflow versions the case ran under before its migrations (`case.migrate`) to the pinned one, in the
    /// order it ran under them; empty for a case that never moved.
    public var earlierWorkflows: [Definition]

    /// Creates a bundle.
    public init(
        caseID: String, organisationID: String, openedAt: Instant, version: Int64, headHash: [UInt8],
        projection: CaseProjection, workflow: Definition, framework: Definition, events: [ChainRecord],
        evidence: [Evidence], checkpoint: CheckpointProof?, earlierWorkflows: [Definition] = []
    ) {
        self.earlierWorkflows = earlierWorkflows
        self.caseID = caseID
        self.organisationID = organisationID
        self.openedAt = openedAt
        self.version = version
        self.headHash = headHash
        self.projection = projection
        self.workflow = workflow
        self.framework = framework
        self.events = events
        self.evidence = evidence
        self.checkpoint = checkpoint
    }
}

extension CaseBundle {
    /// The bundle as JSON.
    public var value: Value {
        let hex: ([UInt8]) -> Value = { .string(HashChain.hex($0)) }
        var fields: [String: Value] = [
            "format": .string(Self.format),
            "case": [
                "id": .string(caseID), "organisation": .string(organisationID), "openedAt": .string(openedAt.iso8601),
                "version": .integer(version), "headHash": hex(headHash), "status": .string(projection.status),
                "configuration": .array(projection.configuration.map(Value.string)),
                "deadlines": projection.deadlines,
            ],
            "workflow": Self.value(workflow), "framework": Self.value(framework),
            "events": .array(
                events.map {
                    ["envelope": $0.envelope.value, "previousHash": hex($0.previousHash), "hash": hex($0.hash)]
                }
            ),
            "evidence": .array(evidence.map(Self.value)),
            "checkpoint": .null,
        ]
        // Absent for a case that never moved, so that such bundles read as they always have.
        if !earlierWorkflows.isEmpty { fields["earlierWorkflows"] = .array(earlierWorkflows.map(Self.value)) }
        if let checkpoint {
            var proof: [String: Value] = [
                "createdAt": .string(checkpoint.createdAt.iso8601), "treeSize": .integer(checkpoint.treeSize),
                "rootHash": hex(checkpoint.rootHash), "signature": hex(checkpoint.signature),
                "publicKey": hex(checkpoint.publicKey), "head": checkpoint.head.value,
                "leafIndex": .integer(Int64(checkpoint.leafIndex)), "path": .array(checkpoint.path.map(hex)),
                "format": .string(checkpoint.formatTag),
            ]
            if checkpoint.formatTag != Checkpoint.legacyFormat {
                proof["sequence"] = .integer(checkpoint.sequence)
                proof["previousRoot"] = hex(checkpoint.previousRoot)
            }
            fields["checkpoint"] = .object(proof)
        }
        return .object(fields)
    }

    /// The bundle file's text: canonical JSON and a newline.
    public var fileText: String { CanonicalJSON.encode(value) + "\n" }

    private static func value(_ definition: Definition) -> Value {
        [
            "name": .string(definition.name), "version": .string(definition.version),
            "sha256": .string(definition.sha256), "source": .string(definition.source),
        ]
    }

    private static func value(_ item: Evidence) -> Value {
        let record = item.record
        var fields: [String: Value] = [
            "evidence": .string(record.evidenceID), "criterion": .string(record.criterionID),
            "file": .string(record.fileName), "mediaType": .string(record.mediaType.rawValue),
            "mediaMismatch": .bool(record.mediaMismatch), "size": .integer(record.size),
            "sha256": .string(record.sha256), "uploadedBy": .string(record.uploadedBy),
            "uploadedAt": .string(record.uploadedAt.iso8601), "status": .string(record.status.rawValue),
            "recordedSeq": .integer(record.recordedSeq),
        ]
        if let supersedes = record.supersedes { fields["supersedes"] = .string(supersedes) }
        if let notes = record.notes { fields["notes"] = .string(notes) }
        if let content = item.content { fields["content"] = .string(Data(content).base64EncodedString()) }
        return .object(fields)
    }
}

/// A bundle that cannot be read at all (as opposed to one that reads but does not verify).
public struct BundleFormatError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What is wrong, naming the field.
    public var description: String

    /// Creates an error.
    public init(_ description: String) {
        self.description = description
    }
}

extension CaseBundle {
    /// Reads a bundle from its file text.
    ///
    /// - Throws: ``BundleFormatError`` naming the first missing or malformed field.
    public static func parse(_ text: String) throws(BundleFormatError) -> CaseBundle {
        let root: Value
        do {
            root = try CanonicalJSON.parse(text)
        } catch {
            throw BundleFormatError("not JSON: \(error)")
        }
        var reader = FieldReader()
        guard reader.string(root["format"], "format") == format else {
            throw BundleFormatError(
                "not an \(format) bundle (format is \(root["format"].map(\.description) ?? "missing"))")
        }
        let head = root["case"]
        let caseID = reader.string(head?["id"], "case.id")
        var events: [ChainRecord] = []
        if case .array(let items)? = root["events"] {
            for (index, item) in items.enumerated() {
                let field = "events[\(index)]"
                let envelope = item["envelope"]
                events.append(
                    ChainRecord(
                        envelope: EventEnvelope(
                            caseID: reader.string(envelope?["case"], field + ".envelope.case"),
                            seq: reader.integer(envelope?["seq"], field + ".envelope.seq"),
                            type: reader.string(envelope?["type"], field + ".envelope.type"),
                            actor: reader.string(envelope?["actor"], field + ".envelope.actor"),
                            occurredAt: reader.instant(envelope?["occurredAt"], field + ".envelope.occurredAt"),
                            payload: envelope?["payload"] ?? .null,
                            definitionHash: reader.string(
                                envelope?["definitionHash"], field + ".envelope.definitionHash")
                        ),
                        previousHash: reader.hash(item["previousHash"], field + ".previousHash"),
                        hash: reader.hash(item["hash"], field + ".hash")))
            }
        } else {
            reader.missing("events")
        }
        var evidence: [Evidence] = []
        if case .array(let items)? = root["evidence"] {
            for (index, item) in items.enumerated() {
                evidence.append(reader.evidence(item, caseID: caseID, field: "evidence[\(index)]"))
            }
        } else {
            reader.missing("evidence")
        }
        var checkpoint: CheckpointProof?
        if let proof = root["checkpoint"], proof != .null {
            let head = proof["head"]
            checkpoint = CheckpointProof(
                createdAt: reader.instant(proof["createdAt"], "checkpoint.createdAt"),
                treeSize: reader.integer(proof["treeSize"], "checkpoint.treeSize"),
                rootHash: reader.hash(proof["rootHash"], "checkpoint.rootHash"),
                signature: reader.bytes(proof["signature"], "checkpoint.signature"),
                publicKey: reader.bytes(proof["publicKey"], "checkpoint.publicKey"),
                head: CheckpointHead(
                    caseID: reader.string(head?["case"], "checkpoint.head.case"),
                    version: reader.integer(head?["version"], "checkpoint.head.version"),
                    head: reader.hash(head?["head"], "checkpoint.head.head")),
                leafIndex: Int(reader.integer(proof["leafIndex"], "checkpoint.leafIndex")),
                path: reader.hashes(proof["path"], "checkpoint.path"))
            // Bundles exported before checkpoints were chained carry no format: theirs is /1.
            let tag =
                proof["format"] == nil ? Checkpoint.legacyFormat : reader.string(proof["format"], "checkpoint.format")
            if tag == Checkpoint.format {
                checkpoint?.formatTag = tag
                checkpoint?.sequence = reader.integer(proof["sequence"], "checkpoint.sequence")
                checkpoint?.previousRoot = reader.hash(proof["previousRoot"], "checkpoint.previousRoot")
            } else if tag == Checkpoint.legacyFormat {
                checkpoint?.formatTag = tag
                checkpoint?.sequence = 0
            } else {
                reader.missing("checkpoint.format")
            }
        }
        var earlierWorkflows: [Definition] = []
        if let items = root["earlierWorkflows"] {
            if case .array(let list) = items {
                earlierWorkflows = list.enumerated().map { reader.definition($1, "earlierWorkflows[\($0)]") }
            } else {
                reader.missing("earlierWorkflows")
            }
        }
        let configuration: [String]
        if case .array(let states)? = head?["configuration"] {
            configuration = states.map { reader.string($0, "case.configuration") }
        } else {
            configuration = []
            reader.missing("case.configuration")
        }
        let bundle = CaseBundle(
            caseID: caseID, organisationID: reader.string(head?["organisation"], "case.organisation"),
            openedAt: reader.instant(head?["openedAt"], "case.openedAt"),
            version: reader.integer(head?["version"], "case.version"),
            headHash: reader.hash(head?["headHash"], "case.headHash"),
            projection: CaseProjection(
                status: reader.string(head?["status"], "case.status"), configuration: configuration,
                deadlines: head?["deadlines"] ?? .object([:])),
            workflow: reader.definition(root["workflow"], "workflow"),
            framework: reader.definition(root["framework"], "framework"), events: events, evidence: evidence,
            checkpoint: checkpoint, earlierWorkflows: earlierWorkflows)
        if let problem = reader.problems.first {
            throw BundleFormatError(
                reader.problems.count == 1 ? problem : "\(problem) (and \(reader.problems.count - 1) more)")
        }
        return bundle
    }
}

/// Reads typed fields out of JSON, remembering every field that was missing or malformed.
private struct FieldReader {
    var problems: [String] = []

    mutating func missing(_ field: String) {
        problems.append("\(field) is missing or malformed")
    }

    mutating func string(_ value: Value?, _ field: String) -> String {
        guard case .string(let text)? = value else {
            missing(field)
            return ""
        }
        return text
    }

    mutating func integer(_ value: Value?, _ field: String) -> Int64 {
        guard case .integer(let number)? = value else {
            missing(field)
            return 0
        }
        return number
    }

    mutating func instant(_ value: Value?, _ field: String) -> Instant {
        guard case .string(let text)? = value, let instant = Instant(iso8601: text) else {
            missing(field)
            return .epoch
        }
        return instant
    }

    mutating func bytes(_ value: Value?, _ field: String) -> [UInt8] {
        guard case .string(let text)? = value, let bytes = HashChain.bytes(hex: text) else {
            missing(field)
            return []
        }
        return bytes
    }

    mutating func hash(_ value: Value?, _ field: String) -> [UInt8] {
        let bytes = bytes(value, field)
        if bytes.count != 32 && !bytes.isEmpty { missing(field) }
        return bytes
    }

    mutating func hashes(_ value: Value?, _ field: String) -> [[UInt8]] {
        guard case .array(let items)? = value else {
            missing(field)
            return []
        }
        return items.map { hash($0, field) }
    }

    mutating func definition(_ value: Value?, _ field: String) -> CaseBundle.Definition {
        CaseBundle.Definition(
            name: string(value?["name"], field + ".name"), version: string(value?["version"], field + ".version"),
            sha256: string(value?["sha256"], field + ".sha256"), source: string(value?["source"], field + ".source"))
    }

    mutating func evidence(_ value: Value, caseID: String, field: String) -> CaseBundle.Evidence {
        let mediaText = string(value["mediaType"], field + ".mediaType")
        let mediaType = MediaType(rawValue: mediaText) ?? .pdf
        if MediaType(rawValue: mediaText) == nil { missing(field + ".mediaType") }
        let statusText = string(value["status"], field + ".status")
        let status = EvidenceStatus(rawValue: statusText) ?? .submitted
        if EvidenceStatus(rawValue: statusText) == nil { missing(field + ".status") }
        var content: [UInt8]?
        if let encoded = value["content"] {
            if case .string(let text) = encoded, let data = Data(base64Encoded: text) {
                content = Array(data)
            } else {
                missing(field + ".content")
            }
        }
        var mismatch = false
        if case .bool(let flag)? = value["mediaMismatch"] { mismatch = flag }
        func optional(_ key: String) -> String? {
            if case .string(let text)? = value[key] { return text }
            return nil
        }
        let record = EvidenceRecord(
            caseID: caseID, evidenceID: string(value["evidence"], field + ".evidence"),
            criterionID: string(value["criterion"], field + ".criterion"),
            fileName: string(value["file"], field + ".file"),
            mediaType: mediaType, mediaMismatch: mismatch, size: integer(value["size"], field + ".size"),
            sha256: string(value["sha256"], field + ".sha256"),
            uploadedBy: string(value["uploadedBy"], field + ".uploadedBy"),
            uploadedAt: instant(value["uploadedAt"], field + ".uploadedAt"), status: status,
            supersedes: optional("supersedes"), notes: optional("notes"),
            recordedSeq: integer(value["recordedSeq"], field + ".recordedSeq"))
        return CaseBundle.Evidence(record: record, content: content)
    }
}

import Statecharts

extension Checkpoint {
    /// The checkpoint as a JSON object: the signed fields, the heads, the signature and the public key (hex).
    public var value: Value {
        var fields = signedFields
        fields["heads"] = .array(heads.map(\.value))
        fields["signature"] = .string(HashChain.hex(signature))
        fields["publicKey"] = .string(HashChain.hex(publicKey))
        return .object(fields)
    }

    /// The file an auditor keeps: canonical JSON of ``value`` and a newline.
    public var fileText: String { CanonicalJSON.encode(value) + "\n" }

    /// Reads a checkpoint file.
    ///
    /// - Throws: ``CheckpointError`` naming the first field that is missing or malformed.
    public static func parse(_ text: String) throws(CheckpointError) -> Checkpoint {
        let value: Value
        do {
            value = try CanonicalJSON.parse(text.hasSuffix("\n") ? String(text.dropLast()) : text)
        } catch {
            throw CheckpointError("the checkpoint is not valid JSON: \(error)")
        }
        guard case .string(let tag) = value["format"], tag == format || tag == legacyFormat else {
            throw CheckpointError("the file is not an \(format) (or /1) checkpoint (field format)")
        }
        guard case .string(let created) = value["createdAt"], let createdAt = Instant(iso8601: created) else {
            throw CheckpointError("the checkpoint has no valid createdAt")
        }
        guard case .integer(let treeSize) = value["treeSize"] else {
            throw CheckpointError("the checkpoint has no integer treeSize")
        }
        guard case .array(let items) = value["heads"] else { throw CheckpointError("the checkpoint has no heads") }
        var heads: [CheckpointHead] = []
        heads.reserveCapacity(items.count)
        for (index, item) in items.enumerated() {
            guard let head = CheckpointHead(item) else {
                throw CheckpointError("head \(index + 1) of the checkpoint is malformed")
            }
            heads.append(head)
        }
        var sequence: Int64 = 0
        var previousRoot = HashChain.genesis
        if tag == format {
            guard case .integer(let number) = value["sequence"], number > 0 else {
                throw CheckpointError("the checkpoint has no positive integer sequence")
            }
            sequence = number
            previousRoot = try bytes(value, "previousRoot")
            guard previousRoot.count == 32 else {
                throw CheckpointError("the checkpoint's previousRoot is not 32 bytes")
            }
        }
        return Checkpoint(
            createdAt: createdAt, treeSize: treeSize, rootHash: try bytes(value, "rootHash"), heads: heads,
            signature: try bytes(value, "signature"), publicKey: try bytes(value, "publicKey"), formatTag: tag,
            sequence: sequence, previousRoot: previousRoot)
    }

    private static func bytes(_ value: Value, _ field: String) throws(CheckpointError) -> [UInt8] {
        guard case .string(let hex) = value[field], let bytes = Hex.decode(hex) else {
            throw CheckpointError("the checkpoint's \(field) is not hex")
        }
        return bytes
    }
}

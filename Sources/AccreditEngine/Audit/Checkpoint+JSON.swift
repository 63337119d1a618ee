import Statecharts

extension Checkpoint {
    /// The checkpoint as a JSON object: the signed fields, the heads, the signature and the public key (hex).
    public var value: Value {
        .object([
            "format": .string(Self.format), "createdAt": .string(createdAt.iso8601), "treeSize": .integer(treeSize),
            "rootHash": .string(HashChain.hex(rootHash)), "heads": .array(heads.map(\.value)),
            "signature": .string(HashChain.hex(signature)), "publicKey": .string(HashChain.hex(publicKey)),
        ])
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
        guard value["format"] == .string(format) else {
            throw CheckpointError("the file is not an \(format) checkpoint (field format)")
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
        return Checkpoint(
            createdAt: createdAt, treeSize: treeSize, rootHash: try bytes(value, "rootHash"), heads: heads,
            signature: try bytes(value, "signature"), publicKey: try bytes(value, "publicKey"))
    }

    private static func bytes(_ value: Value, _ field: String) throws(CheckpointError) -> [UInt8] {
        guard case .string(let hex) = value[field], let bytes = Hex.decode(hex) else {
            throw CheckpointError("the checkpoint's \(field) is not hex")
        }
        return bytes
    }
}

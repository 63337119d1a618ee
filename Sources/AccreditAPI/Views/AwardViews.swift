import AccreditEngine
import Statecharts

/// How the award status list looks in the API (and in the command-line tool's `--json`).
public enum AwardViews {
    /// A status list just published: `{issuedAt, file, entries, publicKey}`; `file` is where it was published (null
    /// when nowhere).
    public static func statusList(_ list: AwardStatusList, file: String?) -> Value {
        [
            "issuedAt": .string(list.issuedAt.iso8601), "file": file.map(Value.string) ?? .null,
            "entries": .array(list.entries.map(\.value)), "publicKey": .string(HashChain.hex(list.publicKey)),
        ]
    }
}

import ArgumentParser
import EvidenceStore

/// `--request-id ID`: makes a write command safe to retry; a retry with the same id reports the first attempt's
/// event instead of appending another.
struct RequestOption: ParsableArguments {
    @Option(
        name: .customLong("request-id"),
        help: ArgumentHelp(
            "An id you choose for this command (letters, digits and . _ : -, up to 128), so a retry after a crash or a lost reply is applied once.",
            valueName: "id"))
    var requestID: String?

    func validate() throws {
        if let requestID, !CaseLog.isValidRequestID(requestID) {
            throw ValidationError(
                "Please give --request-id as 1 to 128 letters, digits, '.', '_', ':' or '-', starting with a letter or digit."
            )
        }
    }
}

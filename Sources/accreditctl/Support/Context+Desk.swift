import AccreditEngine
import CaseService
import EvidenceStore

extension Context {
    /// Opens the database and returns the case desk over it.
    static func desk() throws -> CaseDesk {
        let context = try open()
        return CaseDesk(connection: context.connection, blobs: context.blobs)
    }
}

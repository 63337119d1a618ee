import AccreditEngine
import CaseService
import EvidenceStore

extension Context {
    /// Opens the database and returns the case desk over it.
    static func desk() throws -> CaseDesk {
        let context = try open()
        let desk = CaseDesk(connection: context.connection, blobs: context.blobs)
        desk.followUps.append(AwardStatusFollowUp(home: home, path: AwardStatusFollowUp.defaultPath(home: home)))
        return desk
    }
}

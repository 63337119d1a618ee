import AccreditEngine
import EvidenceStore
import Statecharts

/// The directory as replay reads it, loaded once before an audit (and before any stream starts): every actor as a
/// ``StoredSender``, with their declared conflicts of interest and recorded competences.
struct ReplayDirectory {
    private let senders: [String: StoredSender]

    /// Reads the actors and declarations.
    ///
    /// - Throws: ``StoreError`` on database errors.
    init(_ directory: DirectoryRecords) throws(StoreError) {
        self.init(
            actors: try directory.actors(), conflicts: try directory.conflicts(),
            competences: try directory.competences())
    }

    /// Builds the senders from actors, declarations and competence records.
    init(actors: [Actor], conflicts: [ConflictDeclaration], competences: [Competence] = []) {
        var periods: [String: [String: [ConflictPeriod]]] = [:]
        for conflict in conflicts {
            periods[conflict.actor, default: [:]][conflict.organisation, default: []].append(conflict.period)
        }
        var competent: [String: [CompetencePeriod]] = [:]
        for competence in competences { competent[competence.actor, default: []].append(competence.period) }
        var senders: [String: StoredSender] = [:]
        for actor in actors {
            senders[actor.id] =
                actor.id == WorkflowExtension.systemRole
                ? .system
                : .person(
                    SenderRecord(
                        id: actor.id, roles: actor.roles, organisation: actor.organisation,
                        conflicts: periods[actor.id] ?? [:], competences: competent[actor.id] ?? []))
        }
        self.senders = senders
    }

    /// The sender with this id, or ``StoredSender/unknown``.
    func sender(_ id: String) -> StoredSender { senders[id] ?? .unknown }
}

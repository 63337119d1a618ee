import EvidenceStore
import Statecharts

/// The organisations and people the benchmarks act with, registered once: a benchmark may run again on one database.
enum BenchmarkDirectory {
    /// Registers `organisation` and `actors` through the store's directory unless they are there already.
    static func register(_ organisation: Organisation, actors: [Actor] = [], in db: PostgresConnection) throws {
        let directory = DirectoryRecords(connection: db)
        if try !directory.organisations().contains(where: { $0.id == organisation.id }) {
            try directory.register(organisation)
        }
        let known = Set(try directory.actors().map(\.id))
        for actor in actors where !known.contains(actor.id) { try directory.add(actor) }
        // Assessors are trained for the shipped framework, so that cases may assign them.
        let trained = Set(try directory.competences().map(\.actor))
        for actor in actors where actor.roles.contains("assessor") && !trained.contains(actor.id) {
            try directory.record(
                Competence(
                    actor: actor.id, framework: "patient-safety-standards", foundations: [],
                    trainedOn: Instant(microsecondsSinceEpoch: 0),
                    validUntil: Instant(iso8601: "2099-12-31T00:00:00Z") ?? .epoch, recordedBy: "system"))
        }
    }

    /// An actor without organisation or database login.
    static func actor(_ id: String, _ name: String, _ role: String) -> Actor {
        Actor(id: id, name: name, roles: [role], organisation: nil, databaseLogin: nil)
    }

    /// The organisation most benchmarks open their cases for.
    static let bench = Organisation(id: "bench", name: "Benchmark", odsCode: nil)
}

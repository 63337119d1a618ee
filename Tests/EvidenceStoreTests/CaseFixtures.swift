import AccreditEngine
import EvidenceStore
import Statecharts

/// Shared set-up for case log tests: one organisation, actors, published definitions and an open case.
enum CaseFixtures {
    static let opened = Instant(iso8601: "2026-01-05T09:00:00Z") ?? .epoch
    static let workflow = DefinitionReference(name: "patient-safety-accreditation", version: "1")
    static let framework = DefinitionReference(name: "patient-safety-standards", version: "1")

    /// Registers an organisation and actors, publishes definitions and opens case `caseID`.
    static func openCase(_ db: PostgresConnection, caseID: String = "C-1", imported: Bool = false) throws {
        try db.execute(
            "INSERT INTO organisations (organisation_id, name, ods_code) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
            ["org-1", "Riverside NHS Foundation Trust", "RXX"])
        for (id, role) in [("alice", "assessor"), ("sam", "secretariat"), ("dana", "decision-maker")] {
            try db.execute(
                "INSERT INTO actors (actor_id, display_name, roles) VALUES ($1, $2, ARRAY[$3]) ON CONFLICT DO NOTHING",
                [.text(id), .text(id.capitalized), .text(role)])
        }
        // The store stamps every case and event with its own time: a sandbox store's simulated clock, here at `opened`.
        let settings = StoreSettings(connection: db)
        if try !settings.current().sandbox {
            try settings.change(.sandbox, by: "sam")
            try settings.change(.clock(simulated: opened), by: "sam")
        }
        let catalog = DefinitionCatalog(connection: db)
        try catalog.publish(.workflow, workflow, source: "<scxml/>")
        try catalog.publish(.framework, framework, source: "<framework/>")
        try CaseLog(connection: db).createCase(
            NewCase(
                caseID: caseID, organisationID: "org-1", workflow: workflow, framework: framework, openedAt: opened,
                imported: imported),
            projection: CaseProjection(status: "draft", configuration: ["application", "draft"]))
    }

    /// An event at the store's (simulated) time, `opened`: the store refuses a live event stamped otherwise.
    static func event(_ type: String, by actor: String = "sam", _ payload: Value = .null) -> NewEvent {
        NewEvent(type: type, actor: actor, occurredAt: opened, payload: payload)
    }

    static let projection = CaseProjection(status: "submitted", configuration: ["application", "submitted"])
}

extension String {
    fileprivate var capitalized: String { prefix(1).uppercased() + dropFirst() }
}

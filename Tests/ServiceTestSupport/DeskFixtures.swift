import AccreditEngine
import CaseService
import EvidenceStore
import PostgresTestSupport
import Statecharts
import Workflows

/// A migrated database with the shipped definitions published, one organisation and one actor per role.
public enum DeskFixtures {
    /// The repository root, found from this file.
    public static let repository: String = {
        let file = #filePath
        let tests = String(file[...(file.lastIndex(of: "/") ?? file.startIndex)])
        return tests + "../../"
    }()
    /// The shipped workflow.
    public static let workflow = DefinitionReference(name: "patient-safety-accreditation", version: "1")
    /// The shipped framework.
    public static let framework = DefinitionReference(name: "patient-safety-standards", version: "1")
    /// A fixed start time for sandbox tests.
    public static let start = Instant(iso8601: "2026-01-05T09:00:00Z") ?? .epoch

    /// A desk over `db` with the shipped definitions published, two organisations and one actor per role.
    public static func desk(_ db: PostgresConnection, blobs: String) throws -> CaseDesk {
        let publisher = Publisher(connection: db)
        let frameworkFile = repository + "Definitions/frameworks/patient-safety-standards-v1.xml"
        try publisher.publishFramework(fileAt: frameworkFile)
        let framework = try FrameworkReader.loadFramework(fileAt: frameworkFile).framework
        try publisher.publishWorkflow(
            fileAt: repository + "Definitions/workflows/patient-safety-accreditation.scxml", framework: framework)
        let desk = CaseDesk(connection: db, blobs: try BlobStore(root: blobs))
        try desk.directory.register(
            Organisation(id: "riverside", name: "Riverside NHS Foundation Trust", odsCode: "RXX"))
        try desk.directory.register(Organisation(id: "hillside", name: "Hillside Hospital", odsCode: nil))
        let people: [(String, Set<String>, String?)] = [
            ("ann", ["applicant"], "riverside"), ("hal", ["applicant"], "hillside"), ("sec", ["secretariat"], nil),
            ("alice", ["assessor"], nil), ("lee", ["lead-assessor"], nil), ("dana", ["decision-maker"], nil),
            ("carl", ["assessor"], nil), ("aud", ["auditor"], nil),
        ]
        for (id, roles, organisation) in people {
            try desk.directory.add(
                Actor(id: id, name: id, roles: roles, organisation: organisation, databaseLogin: nil))
        }
        try recordCompetences(desk.directory, for: ["alice", "lee", "carl"])
        return desk
    }

    /// Records that each person is trained to assess every foundation of the shipped framework, from 2020 to 2099.
    public static func recordCompetences(_ directory: DirectoryRecords, for people: [String], by: String = "sec")
        throws
    {
        for person in people {
            try directory.record(
                Competence(
                    actor: person, framework: framework.name, foundations: [], trainedOn: trained, validUntil: lapses,
                    recordedBy: by))
        }
    }

    /// When the fixtures' assessors were trained.
    public static let trained = Instant(iso8601: "2020-01-01T00:00:00Z") ?? .epoch
    /// When their training lapses.
    public static let lapses = Instant(iso8601: "2099-12-31T00:00:00Z") ?? .epoch

    /// The events that assign the fixtures' team (Lee leads, Alice assesses), as the secretariat sends them before
    /// confirming impartiality.
    public static let teamEvents: [(String, Value, String)] = [
        ("team.assign", ["person": "lee", "position": "lead"], "sec"),
        ("team.assign", ["person": "alice", "position": "member"], "sec"),
    ]
}

import AccreditEngine
import CaseService
import EvidenceStore
import Foundation
import Statecharts
import Workflows

/// Real cases for benchmarks that need them: the shipped workflow and framework published, an organisation with an
/// applicant, a secretariat and a trained assessor, and one case's script of `count` events (an application taken
/// to desk review with an upload per expected evidence item, self-assessments and ratings).
struct RealCases {
    /// The desk over the benchmark's connection.
    let desk: CaseDesk
    /// The published definitions.
    let definitions: CaseDefinitions
    /// The workflow's and framework's references.
    let workflow: DefinitionReference
    /// See ``workflow``.
    let framework: DefinitionReference
    /// Each case's events: type, actor and data.
    let script: [(String, String, Value)]
    /// When every case opens.
    let start = Instant(microsecondsSinceEpoch: 1_767_600_000_000_000)
    /// The organisation every case is for.
    static let organisation = "replay-bench"

    /// Publishes, registers and writes the sample evidence file.
    init(_ db: PostgresConnection, blobs: BlobStore, count: Int) throws {
        desk = CaseDesk(connection: db, blobs: blobs)
        let frameworkFile = "Definitions/frameworks/patient-safety-standards-v1.xml"
        let published = try desk.publisher.publishFramework(fileAt: frameworkFile).0
        let loaded = try FrameworkReader.loadFramework(fileAt: frameworkFile)
        let machine = try desk.publisher.publishWorkflow(
            fileAt: "Definitions/workflows/patient-safety-accreditation.scxml", framework: loaded.framework
        ).0
        workflow = DefinitionReference(name: machine.name, version: machine.version)
        framework = DefinitionReference(name: published.name, version: published.version)
        definitions = try desk.definitions(workflow: workflow, framework: framework)
        try BenchmarkDirectory.register(
            Organisation(id: Self.organisation, name: "Benchmark", odsCode: nil),
            actors: [
                Actor(
                    id: "rb-ann", name: "Ann", roles: ["applicant"], organisation: Self.organisation,
                    databaseLogin: nil),
                BenchmarkDirectory.actor("rb-sam", "Sam", "secretariat"),
                BenchmarkDirectory.actor("rb-alice", "Alice", "assessor"),
            ], in: db)
        // Every upload names one stored file, as real uploads do.
        let sample = BenchmarkScratch.path("evidence.txt")
        try Data("benchmark evidence\n".utf8).write(to: URL(fileURLWithPath: sample))
        script = ReplayAuditBenchmark.script(
            definitions.machine.framework, count: count, file: try blobs.put(fileAt: sample))
    }

    /// The script's events for one case, a minute apart.
    var events: [NewEvent] {
        script.enumerated().map { position, event in
            NewEvent(
                type: event.0, actor: event.1, occurredAt: start.adding(microseconds: Int64(position + 1) * 60_000_000),
                payload: event.2)
        }
    }

    /// Case `caseID` as an import request to the desk.
    func request(_ caseID: String) -> CaseImport {
        CaseImport(
            caseID: caseID, organisation: Self.organisation, workflow: workflow, framework: framework,
            openedAt: start,
            events: events.map {
                ImportedEvent(name: $0.type, actor: $0.actor, occurredAt: $0.occurredAt, data: $0.payload)
            })
    }

    /// Case `caseID` folded here, exactly as accepted events would be, ready for the log: its projection and its
    /// pending deadlines' rows (the audit holds rows and deadlines equal).
    func folded(_ caseID: String) throws -> ImportedCase {
        let machine = definitions.machine
        var state = machine.open(caseID: caseID, at: start)
        let events = self.events
        for (position, event) in events.enumerated() {
            let envelope = EventEnvelope(
                caseID: caseID, seq: Int64(position + 1), type: event.type, actor: event.actor,
                occurredAt: event.occurredAt, payload: event.payload, definitionHash: definitions.definitionHash)
            guard case .success = machine.fold(envelope, into: &state) else {
                throw BenchmarkFailure("the script is not accepted at \(event.type)")
            }
        }
        return ImportedCase(
            NewCase(
                caseID: caseID, organisationID: Self.organisation, workflow: workflow, framework: framework,
                openedAt: start, imported: true),
            events: events, definitionHash: definitions.definitionHash,
            projection: CaseProjection(
                status: state.status, configuration: state.snapshot.configuration, deadlines: state.deadlines),
            timers: state.snapshot.pendingTimers.map {
                .schedule(id: $0.id, due: $0.due, event: $0.event.name, data: $0.event.data)
            })
    }
}

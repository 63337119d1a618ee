import AccreditEngine
import CaseService
import EvidenceStore
import PostgresTestSupport
import ServiceTestSupport
import Statecharts
import Testing

/// Issue 14, item 4, tried as an attacker would: the client cannot choose an event's time, a request id does not
/// reveal another organisation's case, the upload limit is the store's, and backdating is an administrator's
/// import that passes every rule.
struct StoreClockAttackTests {
    /// Opens C-1 for riverside on the server's clock (no sandbox) and takes it to the evidence stage.
    static func liveCase(_ desk: CaseDesk) throws {
        _ = try desk.openCase(
            "C-1", organisation: "riverside", workflow: DeskFixtures.workflow, framework: DeskFixtures.framework,
            by: "sec")
        for (event, actor) in [
            ("application.submit", "ann"), ("application.accept", "sec"), ("eligibility.confirm", "sec"),
        ] {
            try desk.fire("C-1", event: event, by: actor)
        }
        for (event, data, actor) in DeskFixtures.teamEvents + [("impartiality.confirm", .null, "sec")] {
            try desk.fire("C-1", event: event, data: data, by: actor)
        }
    }

    @Test func eventsAreStampedWithTheServersClockAndItCannotBeSetOnARealStore() async throws {
        try await TestFiles.withTemporaryDirectory { dir in
            try await TestDatabase.withMigratedConnection { db in
                let desk = try DeskFixtures.desk(db, blobs: dir + "/blobs")
                let before = try desk.now()
                try Self.liveCase(desk)
                let events = try desk.log.events(of: "C-1")
                #expect(events.allSatisfy { $0.envelope.occurredAt >= before && !$0.imported })
                // The attack of the issue: step two years ahead past a conflict window, then freeze the case.
                let refused = try #require(throws: StoreError.self) {
                    try desk.changeSetting(.clock(simulated: before.adding(years: 2)), by: "sec")
                }
                #expect(refused.code == .settingRefused)
                // A store that already holds cases cannot become a sandbox to get time travel.
                let sandbox = try #require(throws: StoreError.self) { try desk.changeSetting(.sandbox, by: "sec") }
                #expect(sandbox.code == .settingRefused)
                #expect(try desk.settings.history().isEmpty)
                // A modified client appending with its own time is refused by the store, and nothing is written.
                let open = try desk.load("C-1")
                for time in [before.adding(years: 2), before.adding(years: -2)] {
                    let error = try #require(throws: StoreError.self) {
                        try desk.log.append(
                            caseID: "C-1", expectedVersion: open.head.version, expectedHead: open.head.headHash,
                            events: [NewEvent(type: "evidence.upload", actor: "ann", occurredAt: time)],
                            definitionHash: open.definitions.definitionHash,
                            projection: CaseProjection(status: "x", configuration: []))
                    }
                    #expect(error.code == .clockMismatch)
                }
                #expect(try desk.load("C-1").head.version == open.head.version)
                // The case is not frozen: the next live event goes through.
                try TestFiles.write(Array("policy\n".utf8), to: dir + "/p.txt")
                try desk.uploadEvidence("C-1", file: dir + "/p.txt", criterion: "SL-1.1", item: 1, by: "ann")
            }
        }
    }

    @Test func onlyAnAdministratorChangesSettingsAndASandboxClockOnlyMovesForward() async throws {
        try await TestFiles.withTemporaryDirectory { dir in
            try await TestDatabase.withMigratedConnection { db in
                let desk = try DeskFixtures.desk(db, blobs: dir + "/blobs")
                for person in ["ann", "alice", "dana", "aud"] {
                    let refusal = try #require(throws: CaseRefusal.self) {
                        try desk.changeSetting(.maximumUploadBytes(1 << 40), by: person)
                    }
                    #expect(refusal.rule == "access.store.configure")
                }
                try desk.changeSetting(.sandbox, by: "sec")
                let start = DeskFixtures.start
                try desk.changeSetting(.clock(simulated: start), by: "sec")
                #expect(try desk.now() == start)
                _ = try desk.openCase(
                    "C-1", organisation: "riverside", workflow: DeskFixtures.workflow,
                    framework: DeskFixtures.framework, by: "sec")
                #expect(try desk.load("C-1").head.openedAt == start)
                let back = try #require(throws: StoreError.self) {
                    try desk.changeSetting(.clock(simulated: start.adding(days: -1)), by: "sec")
                }
                #expect(back.code == .settingRefused)
                try desk.changeSetting(.clock(simulated: start.adding(days: 1)), by: "sec")
                let changes = try desk.storeSettingHistory(as: "aud")
                #expect(changes.map(\.name) == ["sandbox", "clock", "clock"])
                #expect(changes.allSatisfy { $0.changedBy == "sec" })
            }
        }
    }

    @Test func aConflictedAssessorCannotStepPastTheWindow() async throws {
        try await TestFiles.withTemporaryDirectory { dir in
            try await TestDatabase.withMigratedConnection { db in
                let desk = try DeskFixtures.desk(db, blobs: dir + "/blobs")
                let now = try desk.now()
                try Self.liveCase(desk)
                // Declared once she is on the team (assignment would refuse her now).
                try desk.directory.declare(
                    ConflictDeclaration(
                        actor: "alice", organisation: "riverside", from: now.adding(years: -1),
                        until: now.adding(months: -1), reason: "consulted for the trust"))
                try TestFiles.write(Array("policy\n".utf8), to: dir + "/p.txt")
                try desk.uploadEvidence("C-1", file: dir + "/p.txt", criterion: "SL-1.1", item: 1, by: "ann")
                // No client time to give: the conflict is checked at the store's time, on every path that appends.
                for attempt in [
                    { try desk.reviewEvidence("C-1", evidence: "E-1", accept: true, reason: nil, by: "alice") },
                    {
                        try desk.fire(
                            "C-1", event: "review.rate", data: ["criterion": "SL-1.1", "rating": "met"], by: "alice")
                    },
                    {
                        try desk.uploadEvidence("C-1", file: dir + "/p.txt", criterion: "SL-1.1", item: 1, by: "alice")
                            .1
                    },
                ] as [() throws -> Outcome] {
                    let refusal = try #require(throws: CaseRefusal.self) { _ = try attempt() }
                    #expect(refusal.rule == "impartiality.conflict-of-interest")
                }
            }
        }
    }

    @Test func aReusedRequestIDRevealsNothingAcrossOrganisations() async throws {
        try await TestFiles.withTemporaryDirectory { dir in
            try await TestDatabase.withMigratedConnection { db in
                let desk = try DeskFixtures.desk(db, blobs: dir + "/blobs")
                try Self.liveCase(desk)
                try TestFiles.write(Array("policy\n".utf8), to: dir + "/p.txt")
                try desk.uploadEvidence(
                    "C-1", file: dir + "/p.txt", criterion: "SL-1.1", item: 1, by: "ann", requestID: "r-1")
                // hal (hillside) guesses riverside's request id, for a fire and for an upload.
                for attempt in [
                    { try desk.fire("C-1", event: "evidence.submit", by: "hal", requestID: "r-1") },
                    {
                        try desk.uploadEvidence(
                            "C-1", file: dir + "/p.txt", criterion: "SL-1.1", item: 1, by: "hal", requestID: "r-1")
                    },
                ] as [() throws -> Any] {
                    let refusal = try #require(throws: CaseRefusal.self) { _ = try attempt() }
                    #expect(refusal.rule == "access.organisation")
                    #expect(!refusal.message.contains("evidence.upload"))
                }
            }
        }
    }

    @Test func theUploadLimitIsTheStoresSetting() async throws {
        try await TestFiles.withTemporaryDirectory { dir in
            try await TestDatabase.withMigratedConnection { db in
                let desk = try DeskFixtures.desk(db, blobs: dir + "/blobs")
                try Self.liveCase(desk)
                try desk.changeSetting(.maximumUploadBytes(10), by: "sec")
                try TestFiles.write(Array("more than ten bytes\n".utf8), to: dir + "/big.txt")
                let refused = try #require(throws: StoreError.self) {
                    try desk.uploadEvidence("C-1", file: dir + "/big.txt", criterion: "SL-1.1", item: 1, by: "ann")
                }
                #expect(refused.code == .fileRefused)
                #expect(refused.message.contains("upload.max-bytes"))
                #expect(try desk.load("C-1").state.record.evidence.isEmpty)
                let zero = try #require(throws: StoreError.self) {
                    try desk.changeSetting(.maximumUploadBytes(0), by: "sec")
                }
                #expect(zero.code == .settingRefused)
            }
        }
    }

    @Test func backdatingIsAnAdministratorsImportThatPassesEveryRule() async throws {
        try await TestFiles.withTemporaryDirectory { dir in
            try await TestDatabase.withMigratedConnection { db in
                let desk = try DeskFixtures.desk(db, blobs: dir + "/blobs")
                let opened = try desk.now().adding(years: -3)
                let history = [
                    ImportedEvent(name: "application.submit", actor: "ann", occurredAt: opened.adding(days: 1)),
                    ImportedEvent(name: "application.accept", actor: "sec", occurredAt: opened.adding(days: 2)),
                ]
                func attempt(_ caseID: String, by actor: String, _ events: [ImportedEvent]) throws {
                    try desk.importCase(
                        caseID, organisation: "riverside", workflow: DeskFixtures.workflow,
                        framework: DeskFixtures.framework, openedAt: opened, events: events, by: actor)
                }
                let notAdmin = try #require(throws: CaseRefusal.self) { try attempt("C-OLD", by: "ann", history) }
                #expect(notAdmin.rule == "access.cases.import")
                // A conflicted assessor's act is refused at the time it happened, and nothing is imported.
                try desk.directory.declare(
                    ConflictDeclaration(
                        actor: "alice", organisation: "riverside", from: opened.adding(years: -1), until: nil,
                        reason: "board member"))
                let conflicted =
                    history + [
                        ImportedEvent(name: "eligibility.confirm", actor: "sec", occurredAt: opened.adding(days: 3)),
                        ImportedEvent(
                            name: "team.assign", actor: "sec", occurredAt: opened.adding(days: 3),
                            data: ["person": "lee", "position": "lead"]),
                        ImportedEvent(name: "impartiality.confirm", actor: "sec", occurredAt: opened.adding(days: 3)),
                        ImportedEvent(
                            name: "review.rate", actor: "alice", occurredAt: opened.adding(days: 4),
                            data: ["criterion": "SL-1.1", "rating": "met"]),
                    ]
                let refusal = try #require(throws: CaseRefusal.self) { try attempt("C-OLD", by: "sec", conflicted) }
                #expect(refusal.rule == "impartiality.conflict-of-interest")
                #expect(throws: StoreError.self) { try desk.log.head(of: "C-OLD") }
                // The system actor, times out of order, and the future are refused.
                let system = [ImportedEvent(name: "award.expire", actor: "system", occurredAt: opened)]
                #expect(throws: CaseRefusal.self) { try attempt("C-OLD", by: "sec", system) }
                #expect(throws: CaseRefusal.self) { try attempt("C-OLD", by: "sec", history.reversed()) }
                let future = [
                    ImportedEvent(name: "application.submit", actor: "ann", occurredAt: opened.adding(years: 4))
                ]
                #expect(throws: CaseRefusal.self) { try attempt("C-OLD", by: "sec", future) }
                // The administrator's import: both times kept, marked imported in the history.
                try attempt("C-OLD", by: "sec", history)
                let entries = try desk.history("C-OLD")
                #expect(entries.map(\.occurredAt) == history.map(\.occurredAt))
                #expect(entries.allSatisfy { ($0.importedAt ?? .epoch) > opened.adding(years: 2) })
                // Live events follow at the store's time.
                try desk.fire("C-OLD", event: "eligibility.confirm", by: "sec")
                #expect(try desk.history("C-OLD").last?.importedAt == nil)
            }
        }
    }
}

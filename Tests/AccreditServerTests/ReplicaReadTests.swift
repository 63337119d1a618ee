import AccreditServer
import CaseService
import EvidenceStore
import Foundation
import PostgresTestSupport
import Testing

/// Read replicas (issue #19, item 3): a server with a streaming standby answers history, replay, reports and audits
/// there, says so and how far behind it may be; while the standby lacks a write this server made, or is too far
/// behind, or is down, the primary answers; credentials are checked on the primary, so a revoked token is refused
/// whatever the standby has applied.
@Suite(.serialized) struct ReplicaReadTests {
    /// The lag limit of the server most steps use, in milliseconds: far longer than any step takes on a loaded
    /// machine (CI runs suites side by side, and a step has taken more than 8 s there), so that only the fence
    /// decides where it reads.
    static let patientLimit: Int64 = 600_000
    /// The lag limit of a second server over the same pair, which shows the limit at work: any lag exceeds it.
    static let strictLimit: Int64 = 1

    @Test func readsGoToTheReplicaUnlessItLacksTheCallersWriteOrLagsTooFar() async throws {
        try await TestFiles.withTemporaryDirectory { directory in
            // The clusters run as the postgres user when the tests run as root.
            chmod(directory, 0o755)
            let pair = try ReplicatedPair(in: directory, synchronous: false)
            defer { pair.stop() }
            let standby = try PostgresConnection(conninfo: try pair.conninfo(pair.standby))
            let primary = try pair.conninfo(pair.primary)
            let replica = try pair.conninfo(pair.standby)
            try await ServerHarness.serve(
                primary, replica: replica, directory: directory,
                configure: { $0.maximumReplicaLagMilliseconds = Self.patientLimit }
            ) { server in
                try server.openCase("C-1")
                let ann = try server.token(for: "ann")
                let aud = try server.token(for: "aud")
                // The first read after the server started sets its fence where the primary then was (so that
                // writes from before a restart count): the primary answers it until the standby gets there.
                let warm = try await server.send("GET", "/api/v1/cases/C-1/history", token: aud)
                #expect(warm.status == 200 && warm.header("Accredit-Read-From") != nil)
                try await Self.waitForReplay(server.desk, standby)

                // Caught up: the replica answers (behind only by this request's own sign-in record, if at all).
                let first = try await server.send("GET", "/api/v1/cases/C-1/history", token: aud)
                #expect(first.status == 200 && first.header("Accredit-Read-From") == "replica")
                #expect((Int(first.header("Accredit-Read-Lag-Ms") ?? "") ?? -1) >= 0)

                // Replay paused: Ann's write through this server reaches the primary only, and every reader is
                // answered there until the replica has applied it (a write may change what others may read).
                _ = try standby.query("SELECT pg_wal_replay_pause()")
                let fired = try await server.send(
                    "POST", "/api/v1/cases/C-1/events", token: ann, json: ["event": "application.submit"])
                #expect(fired.status == 201)
                let own = try await server.send("GET", "/api/v1/cases/C-1/history", token: ann)
                #expect(own.header("Accredit-Read-From") == "primary" && Self.events(own) == ["application.submit"])
                let other = try await server.send("GET", "/api/v1/cases/C-1/history", token: aud)
                #expect(other.header("Accredit-Read-From") == "primary" && Self.events(other) == ["application.submit"])
                _ = try standby.query("SELECT pg_wal_replay_resume()")
                try await Self.waitForReplay(server.desk, standby)
                let applied = try await server.send("GET", "/api/v1/cases/C-1/history", token: aud)
                #expect(
                    applied.header("Accredit-Read-From") == "replica" && Self.events(applied) == ["application.submit"])

                try await ServerHarness.serve(
                    primary, replica: replica, directory: directory, prepared: true,
                    configure: { $0.maximumReplicaLagMilliseconds = Self.strictLimit }
                ) { strict in
                    // The strict server answers from the replica too, once it holds everything the primary does
                    // (no lag at all). A token's use is noted once a minute, and that write may put the primary
                    // ahead of the standby again: a later round is answered there.
                    var caughtUp = false
                    for _ in 0..<10 where !caughtUp {
                        let read = try await strict.send("GET", "/api/v1/cases/C-1/history", token: aud)
                        caughtUp = read.header("Accredit-Read-From") == "replica"
                        try await Self.waitForReplay(server.desk, standby)
                    }
                    #expect(caughtUp, "the strict server never read from the replica")

                    // A write neither server made (another server, or a tool on the database): the patient server
                    // answers from the replica without it, and says how far behind that may be; the strict one
                    // finds the replica too far behind and asks the primary.
                    _ = try standby.query("SELECT pg_wal_replay_pause()")
                    try server.desk.fire("C-1", event: "application.accept", by: "sec")
                    try await Task.sleep(for: .milliseconds(20))
                    let behind = try await server.send("GET", "/api/v1/cases/C-1/history", token: aud)
                    #expect(
                        behind.header("Accredit-Read-From") == "replica"
                            && Self.events(behind) == ["application.submit"])
                    #expect((Int(behind.header("Accredit-Read-Lag-Ms") ?? "") ?? 0) > 0)
                    let late = try await strict.send("GET", "/api/v1/cases/C-1/history", token: aud)
                    #expect(late.header("Accredit-Read-From") == "primary" && Self.events(late).count == 2)
                }

                // A token revoked on the primary is refused at once, whatever the replica still holds.
                let issued = try server.desk.createToken(for: "aud", name: "revoked", days: 1, by: .operator("test"))
                let revoked = issued.secret
                let before = try await server.send("GET", "/api/v1/cases/C-1/history", token: revoked)
                #expect(before.status == 200)
                _ = try server.desk.revokeToken(issued.record.id, by: .operator("test"))
                let refused = try await server.send("GET", "/api/v1/cases/C-1/history", token: revoked)
                #expect(refused.status == 401)

                // Replay resumed: the replica has everything again, and audits the store.
                _ = try standby.query("SELECT pg_wal_replay_resume()")
                try await Self.waitForReplay(server.desk, standby)
                let caught = try await server.send("GET", "/api/v1/cases/C-1/history", token: aud)
                #expect(caught.header("Accredit-Read-From") == "replica" && Self.events(caught).count == 2)
                let audit = try await server.send("POST", "/api/v1/audit/verify", token: aud, json: [:])
                #expect(audit.status == 200 && audit.header("Accredit-Read-From") == "replica")
                #expect((audit.json["findings"] as? [Any])?.isEmpty == true, "\(audit.json)")
                let replay = try await server.send("GET", "/api/v1/cases/C-1/replay", token: aud)
                #expect(replay.status == 200 && replay.header("Accredit-Read-From") == "replica")
                let sec = try server.token(for: "sec")
                let report = try await server.send("GET", "/api/v1/reports/cases", token: sec)
                #expect(report.status == 200 && report.header("Accredit-Read-From") == "replica")

                // Routes that are not marked for the replica never say where they were read.
                let show = try await server.send("GET", "/api/v1/cases/C-1", token: aud)
                #expect(show.status == 200 && show.header("Accredit-Read-From") == nil)

                // The standby down: the primary answers.
                try pair.killStandby()
                let alone = try await server.send("GET", "/api/v1/cases/C-1/history", token: aud)
                #expect(alone.status == 200 && alone.header("Accredit-Read-From") == "primary")
            }
        }
    }

    @Test func portalReadPagesGoToTheReplicaAndSessionsAreCheckedOnThePrimary() async throws {
        try await TestFiles.withTemporaryDirectory { directory in
            chmod(directory, 0o755)
            let pair = try ReplicatedPair(in: directory, synchronous: false)
            defer { pair.stop() }
            let standby = try PostgresConnection(conninfo: try pair.conninfo(pair.standby))
            try await ServerHarness.serve(
                try pair.conninfo(pair.primary), replica: try pair.conninfo(pair.standby), directory: directory,
                configure: { $0.maximumReplicaLagMilliseconds = Self.patientLimit }
            ) { server in
                try server.openCase("C-1")
                let ann = try server.token(for: "ann")
                let password = try server.password(for: "aud")
                let auditor = PageClient(server.base)
                _ = try await auditor.signIn("aud", password: password)
                let warm = try await auditor.get("/cases/C-1/history")
                #expect(warm.status == 200 && warm.header("Accredit-Read-From") != nil)
                try await Self.waitForReplay(server.desk, standby)

                // The auditor's pages: the case's history, replay and verification, the store's and the report.
                for path in ["/cases/C-1/history", "/cases/C-1/replay", "/cases/C-1/audit", "/audit", "/report"] {
                    let page = try await auditor.get(path)
                    #expect(page.status == 200 && page.header("Accredit-Read-From") == "replica", "\(path)")
                }
                let form = try await auditor.get("/audit")
                let verified = try await auditor.post("/audit", [("csrf", form.hidden("csrf") ?? "")])
                #expect(verified.status == 200 && verified.header("Accredit-Read-From") == "replica")
                #expect(verified.text.contains("The whole record verifies"))
                // A form on a replica page is checked as every form is.
                let forged = try await auditor.post("/audit", [("csrf", "not the token")])
                #expect(forged.status == 403)
                // Pages that are not marked for the replica never say where they were read.
                let casePage = try await auditor.get("/cases/C-1")
                #expect(casePage.status == 200 && casePage.header("Accredit-Read-From") == nil)

                // A write through this server that the replica has not applied: the primary renders the page.
                _ = try standby.query("SELECT pg_wal_replay_pause()")
                let fired = try await server.send(
                    "POST", "/api/v1/cases/C-1/events", token: ann, json: ["event": "application.submit"])
                #expect(fired.status == 201)
                let fenced = try await auditor.get("/cases/C-1/history")
                #expect(fenced.header("Accredit-Read-From") == "primary" && fenced.text.contains("application.submit"))

                _ = try standby.query("SELECT pg_wal_replay_resume()")
                let again = PageClient(server.base)
                _ = try await again.signIn("aud", password: password)
                try await Self.waitForReplay(server.desk, standby)
                let applied = try await again.get("/cases/C-1/history")
                #expect(
                    applied.header("Accredit-Read-From") == "replica" && applied.text.contains("application.submit"))

                // A session ended on the primary past this server (as another server, or an operator, would end
                // it) moves no fence: the paused replica still holds it, but sessions are checked on the primary,
                // and the page sends the person to sign in.
                _ = try standby.query("SELECT pg_wal_replay_pause()")
                try server.desk.endSession(cookie: try #require(again.session))
                let ended = try await again.get("/cases/C-1/history")
                #expect(ended.status == 303 && ended.header("Location")?.hasPrefix("/sign-in") == true)
                // Control: a session that is still live is answered by the replica in this very state.
                let live = try await auditor.get("/cases/C-1/history")
                #expect(live.status == 200 && live.header("Accredit-Read-From") == "replica")
                _ = try standby.query("SELECT pg_wal_replay_resume()")

                // The standby down: the primary renders the page.
                try pair.killStandby()
                let alone = try await auditor.get("/cases/C-1/history")
                #expect(alone.status == 200 && alone.header("Accredit-Read-From") == "primary")
            }
        }
    }

    /// The event names of a history answer.
    static func events(_ answer: ServerHarness.Answer) -> [String] {
        ((answer.json["events"] as? [[String: Any]]) ?? []).compactMap { $0["event"] as? String }
    }

    /// Waits until the standby has applied everything the primary has written, sleeping between looks without
    /// holding a thread (the whole suite's servers share Swift's few cooperative threads).
    static func waitForReplay(_ primary: CaseDesk, _ standby: PostgresConnection) async throws {
        let target = try primary.log.walPosition()
        let deadline = Date().addingTimeInterval(120)
        while try standby.walPosition() < target {
            guard Date() < deadline else { throw HarnessFailure(description: "the standby did not catch up") }
            try await Task.sleep(for: .milliseconds(10))
        }
    }
}

import AccreditAPI
import AccreditEngine
import AccreditServer
import CaseService
import EvidenceStore
import Foundation
import PostgresTestSupport
import Testing

/// The attacks of issue #16 against the server: acting as someone else, as the system, with a dead token, or by
/// guessing another organisation's case. Each must fail, and leave nothing behind.
@Suite(.serialized) struct ImpersonationAttackTests {
    @Test func nothingInARequestCanNameAnotherActor() async throws {
        try await ServerHarness.run { server in
            try server.openCase("C-1")
            // hal (another organisation) tries to submit riverside's application as ann, every way a client could
            // name an actor.
            let hal = try server.token(for: "hal")
            let attempt = try await server.send(
                "POST", "/api/v1/cases/C-1/events?as=ann&actor=ann", token: hal,
                json: ["event": "application.submit", "actor": "ann", "as": "ann"],
                headers: ["X-Actor": "ann", "X-Accredit-Actor": "ann"])
            #expect(attempt.status == 422 || attempt.status == 404)
            #expect(try server.desk.history("C-1").isEmpty)
            // ann's own token acts as ann, whatever the body claims.
            let ann = try server.token(for: "ann")
            let own = try await server.send(
                "POST", "/api/v1/cases/C-1/events", token: ann,
                json: ["event": "application.submit", "data": ["actor": "sec"]])
            #expect(own.status == 201)
            #expect(try server.desk.history("C-1").map(\.actor) == ["ann"])
        }
    }

    @Test func nobodyGetsATokenOrASessionAsTheSystem() async throws {
        try await ServerHarness.run { server in
            #expect(throws: CaseRefusal.self) {
                _ = try server.desk.createToken(for: "system", name: "x", days: 1, by: .operator("test"))
            }
            #expect(throws: CaseRefusal.self) {
                _ = try server.desk.invite("system", requireTOTP: false, by: .operator("test"))
            }
            let signIn = try await server.send(
                "POST", "/api/v1/auth/token", json: ["actor": "system", "password": "whatever-it-may-be"])
            #expect(signIn.status == 401)
        }
    }

    @Test func revokedAndExpiredTokensStopWorkingAtOnce() async throws {
        try await ServerHarness.run { server in
            let issued = try server.desk.createToken(for: "ann", name: "laptop", days: 1, by: .operator("test"))
            #expect(try await server.send("GET", "/api/v1/me", token: issued.secret).status == 200)
            _ = try server.desk.revokeToken(issued.record.id, by: .operator("test"))
            let revoked = try await server.send("GET", "/api/v1/me", token: issued.secret)
            #expect(revoked.status == 401)
            let expiring = try server.desk.createToken(for: "ann", name: "short", days: 1, by: .operator("test"))
            let insider = try PostgresConnection(conninfo: server.conninfo)
            _ = try insider.execute(
                "UPDATE access_tokens SET created_at = now() - interval '2 days', expires_at = now() - interval '1 second' WHERE token_id = $1",
                [.text(expiring.record.id)])
            #expect(try await server.send("GET", "/api/v1/me", token: expiring.secret).status == 401)
            // A token's secret differs from its id: knowing the id (it is in listings and logs) is not enough.
            let guess = "acc_\(issued.record.id)_" + String(repeating: "A", count: 43)
            #expect(try await server.send("GET", "/api/v1/me", token: guess).status == 401)
            let log = try server.desk.authenticationLog(of: "ann", limit: 20, as: .operator("test")).map(\.kind)
            #expect(log.contains("token.revoked"))
            #expect(log.contains("token.refused"))
        }
    }

    @Test func peopleCreateAndRevokeOnlyTheirOwnTokens() async throws {
        try await ServerHarness.run { server in
            let ann = try server.token(for: "ann")
            let hal = try server.token(for: "hal")
            let invitation = try server.desk.invite("ann", requireTOTP: false, by: .operator("test"))
            _ = try server.desk.redeemInvitation(code: invitation.code, password: SignInTests.password)
            // Whoever holds a token (or a session) cannot make a lasting credential without the password.
            let blind = try await server.send("POST", "/api/v1/tokens", token: ann, json: ["name": "script"])
            #expect(blind.status == 422)
            let guessed = try await server.send(
                "POST", "/api/v1/tokens", token: ann, json: ["name": "script", "password": "not the password at all"])
            #expect(guessed.status == 401)
            let created = try await server.send(
                "POST", "/api/v1/tokens", token: ann, json: ["name": "script", "password": SignInTests.password])
            #expect(created.status == 201)
            let id = created.json["id"] as? String ?? ""
            #expect((created.json["token"] as? String)?.hasPrefix("acc_") == true)
            let stolen = try await server.send("DELETE", "/api/v1/tokens/\(id)", token: hal)
            #expect(stolen.status == 404)
            let listed = try await server.send("GET", "/api/v1/tokens?actor=ann", token: hal)
            #expect(listed.status == 403)
            let own = try await server.send("DELETE", "/api/v1/tokens/\(id)", token: ann)
            #expect(own.status == 200)
            #expect(own.json["revokedBy"] as? String == "ann")
        }
    }

    @Test func whoSomeoneIsIsReadAfreshForEveryRequest() async throws {
        // One connection, so that both requests are served by the same desk: nothing the first request learnt
        // about alice may carry over to the second.
        try await ServerHarness.run(
            configure: { $0.connections = 1 },
            { server in
                try server.openCaseForEvidence("C-1")
                let alice = try server.token(for: "alice")
                #expect(try await server.send("GET", "/api/v1/cases/C-1", token: alice).status == 200)
                try Insider(try PostgresConnection(conninfo: server.conninfo)).sql(
                    "UPDATE actors SET roles = '{applicant}', organisation_id = 'hillside' WHERE actor_id = 'alice'")
                let after = try await server.send("GET", "/api/v1/cases/C-1", token: alice)
                #expect(after.status == 404)
                let rating = try await server.send(
                    "POST", "/api/v1/cases/C-1/events", token: alice,
                    json: ["action": "rate", "data": ["criterion": "SL-1.1", "rating": "met"]])
                #expect(rating.status == 404)
                #expect(try server.desk.load("C-1").head.version == 6)
            })
    }

    @Test func anOrganisationLearnsNothingFromACaseIdItTriesToTake() async throws {
        try await ServerHarness.run { server in
            try server.openCase("C-1")
            let hal = try server.token(for: "hal")
            // hillside's applicant tries riverside's id and an id nobody has: the two answers are the same.
            var answers: [(Int, String?, String?)] = []
            for id in ["C-1", "C-404"] {
                let answer = try await server.send(
                    "POST", "/api/v1/cases", token: hal,
                    json: ["case": id, "organisation": "hillside", "workflow": "patient-safety-accreditation@1"])
                answers.append((answer.status, answer.json["rule"] as? String, answer.json["detail"] as? String))
            }
            #expect(answers[0].0 == answers[1].0 && answers[0].1 == "access.case-id")
            #expect(answers[0].1 == answers[1].1 && answers[0].2 == answers[1].2)
            #expect(try server.desk.cases().map(\.caseID) == ["C-1"])
            // Leaving the id out opens hillside's case under an id the store chose.
            let opened = try await server.send(
                "POST", "/api/v1/cases", token: hal,
                json: ["organisation": "hillside", "workflow": "patient-safety-accreditation@1"])
            #expect(opened.status == 201)
            let id = try #require(opened.json["case"] as? String)
            #expect(id.wholeMatch(of: /C-[0-9A-Z]{10}/) != nil)
            #expect(opened.json["organisation"] as? String == "hillside")
            // With an Idempotency-Key a retry finds the case it opened; the same key from another person, or for
            // another organisation's case, opens nothing of anyone else's.
            let key = ["Idempotency-Key": "open-hillside-1"]
            let body: [String: Any] = ["organisation": "hillside", "workflow": "patient-safety-accreditation@1"]
            let once = try await server.send("POST", "/api/v1/cases", token: hal, json: body, headers: key)
            let again = try await server.send("POST", "/api/v1/cases", token: hal, json: body, headers: key)
            #expect(once.status == 201 && again.status == 200)
            #expect(once.json["case"] as? String == again.json["case"] as? String)
            let ann = try server.token(for: "ann")
            let theirs = try await server.send(
                "POST", "/api/v1/cases", token: ann,
                json: ["organisation": "riverside", "workflow": "patient-safety-accreditation@1"], headers: key)
            #expect(theirs.status == 201)
            #expect(theirs.json["case"] as? String != once.json["case"] as? String)
            #expect(theirs.json["organisation"] as? String == "riverside")
            #expect(try server.desk.cases().count == 4)
            // The secretariat still chooses ids (and sees every case, so a taken one tells it nothing new).
            let sec = try server.token(for: "sec")
            let chosen = try await server.send(
                "POST", "/api/v1/cases", token: sec,
                json: ["case": "C-7", "organisation": "hillside", "workflow": "patient-safety-accreditation@1"])
            #expect(chosen.status == 201 && chosen.json["case"] as? String == "C-7")
        }
    }

    @Test func evidenceCannotBeClaimedWithABareEvent() async throws {
        try await ServerHarness.run { server in
            try server.openCaseForEvidence("C-1")
            let ann = try server.token(for: "ann")
            // An upload event with no file and no evidence row would be a claim that replay, and so every
            // checkpoint, would refuse to stand behind: a way to stop the body signing anything.
            for body: [String: Any] in [
                ["event": "evidence.upload", "data": ["evidence": "E-1", "criterion": "SL-1.1"]],
                ["action": "upload", "data": ["evidence": "E-1", "criterion": "SL-1.1"]],
            ] {
                let answer = try await server.send("POST", "/api/v1/cases/C-1/events", token: ann, json: body)
                #expect(answer.status == 422)
                #expect(answer.json["rule"] as? String == "evidence.record-required")
            }
            #expect(try server.desk.load("C-1").head.version == 6)
            #expect(try server.desk.evidence(of: "C-1", for: "ann").isEmpty)
        }
    }
}

import AccreditAPI
import CaseService
import EvidenceStore
import Foundation
import Testing

/// The directory over HTTP: organisations, actors and conflict-of-interest declarations, with the same rules as the
/// command-line tool's direct mode.
@Suite(.serialized) struct DirectoryRouteTests {
    @Test func organisationsAreListedShownAndRegisteredByAnAdministrator() async throws {
        try await ServerHarness.run { server in
            let sec = try server.token(for: "sec")
            let list = try await server.send("GET", "/api/v1/organisations", token: sec)
            #expect(list.status == 200)
            let organisations = list.json["organisations"] as? [[String: Any]] ?? []
            #expect(organisations.compactMap { $0["id"] as? String }.sorted() == ["hillside", "riverside"])
            #expect(organisations.contains { $0["id"] as? String == "hillside" && $0["ods"] is NSNull })

            let registered = try await server.send(
                "POST", "/api/v1/organisations", token: sec,
                json: ["id": "lakeside", "name": "Lakeside Trust", "ods": "LK1"])
            #expect(registered.status == 201)
            #expect(registered.json["ods"] as? String == "LK1")
            #expect(try server.desk.directory.organisations().contains { $0.id == "lakeside" })

            try server.openCase("C-1")
            let shown = try await server.send("GET", "/api/v1/organisations/riverside", token: sec)
            #expect(shown.status == 200)
            #expect((shown.json["cases"] as? [[String: Any]])?.first?["case"] as? String == "C-1")
            let absent = try await server.send("GET", "/api/v1/organisations/nowhere", token: sec)
            #expect(absent.status == 404)
            #expect(absent.json["code"] as? String == "organisation.not-found")
        }
    }

    @Test func anApplicantMayNeitherRegisterNorSeeAnotherOrganisationsCases() async throws {
        try await ServerHarness.run { server in
            try server.openCase("C-1")
            let hal = try server.token(for: "hal")
            let register = try await server.send(
                "POST", "/api/v1/organisations", token: hal, json: ["id": "mine", "name": "Mine"])
            #expect(register.status == 403)
            #expect(register.json["rule"] as? String == "access.directory.write")
            let other = try await server.send("GET", "/api/v1/organisations/riverside", token: hal)
            #expect(other.status == 403)
            #expect(other.json["rule"] as? String == "access.organisation")
            let own = try await server.send("GET", "/api/v1/organisations/hillside", token: hal)
            #expect(own.status == 200)
            #expect((own.json["cases"] as? [Any])?.isEmpty == true)
            let anonymous = try await server.send("GET", "/api/v1/organisations")
            #expect(anonymous.status == 401)
        }
    }

    @Test func badOrganisationInputIsRefused() async throws {
        try await ServerHarness.run { server in
            let sec = try server.token(for: "sec")
            let noName = try await server.send("POST", "/api/v1/organisations", token: sec, json: ["id": "x"])
            #expect(noName.status == 422)
            #expect(noName.json["code"] as? String == "request.missing-field")
            let empty = try await server.send(
                "POST", "/api/v1/organisations", token: sec, json: ["id": "x", "name": ""])
            #expect(empty.status == 422)
            let taken = try await server.send(
                "POST", "/api/v1/organisations", token: sec, json: ["id": "riverside", "name": "Again"])
            #expect(taken.status == 422)
            let badID = try await server.send(
                "POST", "/api/v1/organisations", token: sec, json: ["id": "a b/../c", "name": "Bad"])
            #expect(badID.status == 422)
            #expect(try server.desk.directory.organisations().count == 2)
        }
    }

    @Test func actorsAreListedAndAddedByAnAdministratorOnly() async throws {
        try await ServerHarness.run { server in
            let sec = try server.token(for: "sec")
            let list = try await server.send("GET", "/api/v1/actors", token: sec)
            #expect(list.status == 200)
            let actors = list.json["actors"] as? [[String: Any]] ?? []
            #expect(actors.contains { $0["id"] as? String == "ann" && $0["organisation"] as? String == "riverside" })
            #expect(
                actors.allSatisfy { $0.keys.sorted() == ["dbLogin", "email", "id", "name", "organisation", "roles"] })

            let added = try await server.send(
                "POST", "/api/v1/actors", token: sec,
                json: ["id": "nia", "name": "Nia", "roles": ["applicant"], "organisation": "hillside"])
            #expect(added.status == 201)
            #expect(added.json["roles"] as? [String] == ["applicant"])

            // An applicant may not make themselves (or anyone) an administrator.
            let ann = try server.token(for: "ann")
            let escalate = try await server.send(
                "POST", "/api/v1/actors", token: ann, json: ["id": "ann2", "name": "Ann", "roles": ["secretariat"]])
            #expect(escalate.status == 403)
            #expect(escalate.json["rule"] as? String == "access.directory.write")
            // system is nobody's role; an organisation role needs its organisation; roles must be strings.
            let system = try await server.send(
                "POST", "/api/v1/actors", token: sec, json: ["id": "bot", "name": "Bot", "roles": ["system"]])
            #expect(system.status == 403)
            let orphan = try await server.send(
                "POST", "/api/v1/actors", token: sec, json: ["id": "ola", "name": "Ola", "roles": ["applicant"]])
            #expect(orphan.status == 403)
            #expect(orphan.json["rule"] as? String == "directory.organisation")
            let noRoles = try await server.send(
                "POST", "/api/v1/actors", token: sec, json: ["id": "x", "name": "X", "roles": []])
            #expect(noRoles.status == 422)
            let wrongType = try await server.send(
                "POST", "/api/v1/actors", token: sec, json: ["id": "x", "name": "X", "roles": [1]])
            #expect(wrongType.status == 422)
            #expect(try server.desk.directory.actors().contains { $0.id == "ann2" || $0.id == "bot" } == false)
        }
    }

    @Test func conflictsAreForStaffAndDeclaredByThePersonOrAnAdministrator() async throws {
        try await ServerHarness.run { server in
            let carl = try server.token(for: "carl")
            let own = try await server.send(
                "POST", "/api/v1/conflicts", token: carl,
                json: ["actor": "carl", "organisation": "riverside", "from": "2024-01-01", "reason": "former employee"])
            #expect(own.status == 201)
            #expect(own.json["from"] as? String == "2024-01-01")
            #expect(own.json["until"] is NSNull)
            let forAnother = try await server.send(
                "POST", "/api/v1/conflicts", token: carl,
                json: ["actor": "alice", "organisation": "riverside", "from": "2024-01-01", "reason": "x"])
            #expect(forAnother.status == 403)
            #expect(forAnother.json["rule"] as? String == "access.conflict-declaration")
            // A refused caller learns nothing about which actor ids exist.
            let unknown = try await server.send(
                "POST", "/api/v1/conflicts", token: carl,
                json: ["actor": "ghost", "organisation": "riverside", "from": "2024-01-01", "reason": "x"])
            #expect(unknown.status == 403)
            let sec = try server.token(for: "sec")
            let ghost = try await server.send(
                "POST", "/api/v1/conflicts", token: sec,
                json: ["actor": "ghost", "organisation": "riverside", "from": "2024-01-01", "reason": "x"])
            #expect(ghost.status == 404)
            let badDay = try await server.send(
                "POST", "/api/v1/conflicts", token: sec,
                json: ["actor": "carl", "organisation": "hillside", "from": "yesterday", "reason": "x"])
            #expect(badDay.status == 422)

            let listed = try await server.send("GET", "/api/v1/conflicts?organisation=riverside", token: sec)
            #expect(listed.status == 200)
            #expect((listed.json["conflicts"] as? [[String: Any]])?.count == 1)
            let applicant = try await server.send("GET", "/api/v1/conflicts", token: try server.token(for: "ann"))
            #expect(applicant.status == 403)
            #expect(applicant.json["rule"] as? String == "access.conflicts.read")
        }
    }
}

import AccreditEngine
import CaseService
import EvidenceStore
import PostgresTestSupport
import ServiceTestSupport
import Statecharts
import Testing
import Workflows

/// A body with its own role names (a laboratory scheme) gets the same protections as the shipped scheme: every rule
/// follows the kinds the workflow declares, and each attack from issue #14 is refused.
struct RoleKindTests {
    /// A short laboratory workflow: its roles are not named like the shipped ones.
    static let laboratoryWorkflow = """
        <?xml version="1.0" encoding="UTF-8"?>
        <scxml xmlns="http://www.w3.org/2005/07/scxml" xmlns:acc="urn:accredit:workflow:1" version="1.0"
            name="laboratory-accreditation" acc:version="1" acc:framework="patient-safety-standards"
            acc:framework-version="1" acc:award-states="accredited" acc:award-expiry="accreditation-end"
            datamodel="accredit" initial="applying">
          <acc:role id="laboratory" kind="organisation"/>
          <acc:role id="registrar" kind="administrator"/>
          <acc:role id="inspector" kind="evaluator"/>
          <acc:role id="panel" kind="decider"/>
          <acc:role id="observer" kind="auditor"/>
          <state id="applying">
            <transition event="application.submit" target="inspection" acc:roles="laboratory"/>
          </state>
          <state id="inspection">
            <transition event="inspector.assign" acc:action="assign" acc:roles="registrar"/>
            <transition event="inspection.report" acc:action="evaluate" target="panel-review" acc:roles="inspector"/>
          </state>
          <state id="panel-review">
            <transition event="conflict.declare" acc:action="declare-conflict" acc:roles="panel"/>
            <transition event="panel.decide" acc:action="decide" target="accredited" acc:roles="panel"/>
          </state>
          <state id="accredited">
            <onentry><send id="accreditation-end" event="accreditation.end" delay="P2Y"/></onentry>
            <transition event="accreditation.end" target="lapsed"/>
          </state>
          <final id="lapsed"/>
        </scxml>
        """

    static let workflow = DefinitionReference(name: "laboratory-accreditation", version: "1")

    /// Publishes the shipped framework and the laboratory workflow, and registers two laboratories and the cast.
    static func desk(_ db: PostgresConnection, dir: String) throws -> CaseDesk {
        let publisher = Publisher(connection: db)
        let frameworkFile = DeskFixtures.repository + "Definitions/frameworks/patient-safety-standards-v1.xml"
        try publisher.publishFramework(fileAt: frameworkFile)
        try TestFiles.write(Array(laboratoryWorkflow.utf8), to: dir + "/laboratory.scxml")
        try publisher.publishWorkflow(
            fileAt: dir + "/laboratory.scxml",
            framework: try FrameworkReader.loadFramework(fileAt: frameworkFile).framework)
        let desk = CaseDesk(connection: db, blobs: try BlobStore(root: dir + "/blobs"))
        try desk.directory.register(Organisation(id: "lab-a", name: "Lab A", odsCode: nil))
        try desk.directory.register(Organisation(id: "lab-b", name: "Lab B", odsCode: nil))
        let people: [(String, Set<String>, String?)] = [
            ("la", ["laboratory"], "lab-a"), ("lb", ["laboratory"], "lab-b"), ("reg", ["registrar"], nil),
            ("insp", ["inspector"], nil), ("pan", ["panel"], nil), ("pat", ["panel"], nil),
            ("both", ["inspector", "panel"], nil), ("obs", ["observer"], nil),
        ]
        for (id, roles, organisation) in people {
            try desk.directory.add(
                Actor(id: id, name: id, roles: roles, organisation: organisation, databaseLogin: nil))
        }
        try DeskFixtures.recordCompetences(desk.directory, for: ["insp", "both", "pan"], by: "reg")
        return desk
    }

    /// The rule that refused `body`, nil when it succeeded, or the description of any other error.
    static func rule(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch let refusal as CaseRefusal {
            return refusal.rule
        } catch let error as CaseServiceError where error.refusal != nil {
            return error.refusal?.rule
        } catch {
            return "\(error)"
        }
    }

    @Test func customRoleNamesKeepEveryProtection() async throws {
        try await TestFiles.withTemporaryDirectory { dir in
            try await TestDatabase.withMigratedConnection { db in
                let desk = try Self.desk(db, dir: dir)
                let time = DeskFixtures.start
                _ = try desk.openCase(
                    "L-1", organisation: "lab-a", workflow: Self.workflow, framework: DeskFixtures.framework,
                    by: "reg", at: time)
                // Isolation: another laboratory can neither act on, nor read, lab A's case.
                #expect(
                    Self.rule { try desk.fire("L-1", event: "application.submit", by: "lb", at: time) }
                        == "access.organisation")
                #expect(Self.rule { try desk.requireRead(of: "L-1", by: "lb") } == "access.organisation")
                #expect(Self.rule { _ = try desk.evidence(of: "L-1", for: "lb") } == "access.organisation")
                #expect(Self.rule { try desk.requireRead(of: "L-1", by: "la") } == nil)
                // Read-only: an observer changes nothing.
                #expect(
                    Self.rule { try desk.fire("L-1", event: "application.submit", by: "obs", at: time) }
                        == "access.read-only")
                // Nobody acts as the engine, and a longer name is not the declared one.
                #expect(
                    Self.rule { try desk.fire("L-1", event: "application.submit", by: "system", at: time) }
                        == "access.system")
                #expect(
                    Self.rule { try desk.fire("L-1", event: "application.submit.x", by: "la", at: time) }
                        == "workflow.undeclared-event")
                try desk.fire("L-1", event: "application.submit", by: "la", at: time)
                let accredited: Value = ["outcome": "accredited"]
                // Assignment: only an assigned inspector evaluates, and only someone of an evaluating kind is
                // assigned, whatever the roles are called.
                #expect(
                    Self.rule { try desk.fire("L-1", event: "inspection.report", by: "both", at: time) }
                        == "access.not-assigned")
                #expect(
                    Self.rule {
                        try desk.fire("L-1", event: "inspector.assign", data: ["person": "pan"], by: "reg", at: time)
                    } == "team.not-evaluator")
                try desk.fire("L-1", event: "inspector.assign", data: ["person": "both"], by: "reg", at: time)
                // Independence: whoever evaluated may not decide, whatever the events are called.
                try desk.fire("L-1", event: "inspection.report", by: "both", at: time)
                #expect(
                    Self.rule { try desk.fire("L-1", event: "panel.decide", data: accredited, by: "both", at: time) }
                        == "impartiality.decision-maker")
                // Conflicts: an open-ended declared conflict bars a panel member, who may still declare it in-case.
                try desk.directory.declare(
                    ConflictDeclaration(
                        actor: "pan", organisation: "lab-a", from: time.adding(years: -1), until: nil,
                        reason: "director"))
                #expect(
                    Self.rule { try desk.fire("L-1", event: "panel.decide", data: accredited, by: "pan", at: time) }
                        == "impartiality.conflict-of-interest")
                try desk.fire("L-1", event: "conflict.declare", by: "pan", at: time)
                // An independent, conflict-free panel member decides, on an outcome the framework declares.
                #expect(
                    Self.rule {
                        try desk.fire("L-1", event: "panel.decide", data: ["outcome": "gold"], by: "pat", at: time)
                    }
                        == "decision.unknown-outcome")
                #expect(Self.rule { _ = try desk.certificate(for: "L-1") } == "award.none")
                let decided = try desk.fire("L-1", event: "panel.decide", data: accredited, by: "pat", at: time)
                #expect(decided.state.status == "accredited")
                // The certificate follows the declarations: the award state is not called awarded, and its
                // expiry is the declared timer's.
                let certificate = try desk.certificate(for: "L-1")
                #expect(certificate.outcome == "accredited" && !certificate.conditions)
                #expect(certificate.expiresAt == time.adding(years: 2))
            }
        }
    }

    @Test func capabilitiesAndTheDirectoryFollowKinds() async throws {
        try await TestFiles.withTemporaryDirectory { dir in
            try await TestDatabase.withMigratedConnection { db in
                let desk = try Self.desk(db, dir: dir)
                let lab = Organisation(id: "lab-c", name: "Lab C", odsCode: nil)
                #expect(Self.rule { try desk.registerOrganisation(lab, by: "insp") } == "access.directory.write")
                #expect(Self.rule { try desk.registerOrganisation(lab, by: "reg") } == nil)
                #expect(Self.rule { try desk.require(.publish, by: "reg") } == nil)
                #expect(Self.rule { try desk.require(.publish, by: "pan") } == "access.definitions.publish")
                #expect(Self.rule { try desk.require(.oversee, by: "obs") } == nil)
                #expect(Self.rule { _ = try desk.cases(as: "la", organisation: "lab-b") } == "access.organisation")
                let person = { (id: String, roles: Set<String>, organisation: String?) in
                    Actor(id: id, name: id, roles: roles, organisation: organisation, databaseLogin: nil)
                }
                #expect(Self.rule { try desk.addActor(person("sys2", ["system"], nil), by: "reg") } == "directory.role")
                #expect(
                    Self.rule { try desk.addActor(person("x", ["applicant-typo"], nil), by: "reg") } == "directory.role"
                )
                #expect(
                    Self.rule { try desk.addActor(person("lc", ["laboratory"], nil), by: "reg") }
                        == "directory.organisation"
                )
                #expect(
                    Self.rule { try desk.addActor(person("lc", ["laboratory"], "lab-c"), by: "insp") }
                        == "access.directory.write")
                #expect(Self.rule { try desk.addActor(person("lc", ["laboratory"], "lab-c"), by: "reg") } == nil)
            }
        }
    }
}

import AccreditEngine
import Foundation
import Statecharts
import Testing

@testable import Workflows

/// Issue #20: child documents chosen as an `<invoke>` runs (`srcexpr`, `<content expr>`), the markup `<assign>`
/// and `<data>` keep, and snapshots that record such a child.
struct RunTimeDocumentTests {
    static let start = Instant(iso8601: "2026-01-01T00:00:00Z") ?? .epoch

    /// A chart whose `s0` runs `onentry`, then invokes as `invoke` says; `passOn` (`done.invoke` unless said) passes,
    /// logging its data as `said`, and any other event fails.
    static func chart(data: String = "", onentry: String = "", invoke: String, passOn: String = "done.invoke")
        -> String
    {
        #"""
        <scxml xmlns="http://www.w3.org/2005/07/scxml" version="1.0" datamodel="accredit" initial="s0">
          <datamodel>\#(data)</datamodel>
          <state id="s0">
            <onentry>\#(onentry)<send event="timeout" delay="5s"/></onentry>
            \#(invoke)
            <transition event="\#(passOn)" target="pass"><log label="said" expr="_event.data"/></transition>
            <transition event="*" target="fail"/>
          </state>
          <final id="pass"/><final id="fail"/>
        </scxml>
        """#
    }

    /// A child that finishes at once.
    static let finishing = #"<scxml xmlns="http://www.w3.org/2005/07/scxml" version="1.0"><final id="f"/></scxml>"#

    /// A child that waits for `go` from its parent, then finishes.
    static let waiting = #"""
        <scxml xmlns="http://www.w3.org/2005/07/scxml" version="1.0" datamodel="accredit">
          <state id="w"><transition event="go" target="f"/></state><final id="f"/>
        </scxml>
        """#

    /// A parent that invokes `child.scxml` by `srcexpr`, forwards its events to it, and passes when it is done.
    static let autoforwarding = #"""
        <scxml xmlns="http://www.w3.org/2005/07/scxml" version="1.0" datamodel="accredit">
          <state id="s0">
            <invoke id="kid" srcexpr="'child.scxml'" autoforward="true"/>
            <transition event="done.invoke.kid" target="pass"/>
          </state>
          <final id="pass"/>
        </scxml>
        """#

    /// Writes files into a new directory, runs `body` with it, and removes it.
    static func withFiles<T>(_ files: [String: String], _ body: (String) throws -> T) throws -> T {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("accredit-rtdoc-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        for (name, text) in files {
            let url = directory.appendingPathComponent(name)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        return try body(directory.path + "/")
    }

    /// Loads a file as `workflow simulate` does and runs it, optionally through snapshots after every macrostep.
    static func run(_ path: String, roundTrip: Bool = false) throws -> Simulation.Outcome {
        let loaded = try WorkflowReader.load(fileAt: path, dialect: .scxml)
        return try Simulation(interpreter: loaded.interpreter, start: start, roundTripSnapshots: roundTrip).run()
    }

    /// The message of the error event that passed the test, which the chart logs as `said`.
    static func errorMessage(_ outcome: Simulation.Outcome) -> String? {
        for step in outcome.macrosteps {
            for log in step.logs where log.label == "said" {
                if case .object(let data)? = log.value, case .string(let message)? = data["message"] { return message }
            }
        }
        return nil
    }

    @Test func srcexprIsEvaluatedWhenTheInvokeRunsAndResolvedBesideTheDocument() throws {
        let outcome = try Self.withFiles([
            "parent.scxml": Self.chart(
                data: #"<data id="src" expr="'file:missing.scxml'"/>"#,
                onentry: #"<assign location="src" expr="'file:children/child.scxml'"/>"#,
                invoke: #"<invoke srcexpr="src"/>"#),
            "children/child.scxml": Self.finishing,
        ]) { try Self.run($0 + "parent.scxml") }
        #expect(outcome.snapshot.finalState == "pass")
    }

    @Test func aChildsOwnSrcexprIsResolvedBesideTheChild() throws {
        let middle = #"""
            <scxml xmlns="http://www.w3.org/2005/07/scxml" version="1.0" datamodel="accredit">
              <state id="m"><invoke srcexpr="'leaf.scxml'"/><transition event="done.invoke" target="f"/></state>
              <final id="f"/>
            </scxml>
            """#
        let outcome = try Self.withFiles([
            "parent.scxml": Self.chart(invoke: #"<invoke srcexpr="'file:sub/middle.scxml'"/>"#),
            "sub/middle.scxml": middle, "sub/leaf.scxml": Self.finishing,
        ]) { try Self.run($0 + "parent.scxml", roundTrip: true) }
        #expect(outcome.snapshot.finalState == "pass")
    }

    @Test(arguments: [
        (#"'file:missing.scxml'"#, "could not be read"), ("42", "not a URI string"),
        (#"'https://example.org/child.scxml'"#, "not a file: URI"), ("nothing + 1", "nothing"),
        (#"'file:not-scxml.txt'"#, "not a usable SCXML document"),
        (#"'file:broken.scxml'"#, "does not compile"),
        (#"'/dev/zero'"#, "not a regular file"), (#"'file:sub'"#, "not a regular file"),
        (#"'file:huge.scxml'"#, "bytes a document may have"), (#"'file://elsewhere/a.scxml'"#, "only local files"),
        (#"'file:nested.scxml'"#, "includes itself"),
    ])
    func aSrcexprThatGivesNoDocumentRaisesErrorExecution(_ expr: String, _ message: String) throws {
        let broken = #"""
            <scxml xmlns="http://www.w3.org/2005/07/scxml" version="1.0" initial="nowhere"><final id="f"/></scxml>
            """#
        let outcome = try Self.withFiles([
            "parent.scxml": Self.chart(invoke: #"<invoke srcexpr="\#(expr)"/>"#, passOn: "error.execution"),
            "not-scxml.txt": "plain <words", "broken.scxml": broken, "sub/placeholder.txt": "",
            "huge.scxml": String(repeating: " ", count: SCXMLDocumentSource.maximumBytes + 1),
            "nested.scxml":
                #"<scxml xmlns="http://www.w3.org/2005/07/scxml"><state id="a"><invoke src="loop.scxml"/></state></scxml>"#,
            "loop.scxml":
                #"<scxml xmlns="http://www.w3.org/2005/07/scxml"><state id="b"><invoke src="loop.scxml"/></state></scxml>"#,
        ]) { try Self.run($0 + "parent.scxml") }
        #expect(outcome.snapshot.finalState == "pass", "\(expr): \(outcome.snapshot.configuration)")
        let said = Self.errorMessage(outcome) ?? ""
        #expect(said.contains(message), "\(expr): \(said)")
    }

    @Test func contentExprIsEvaluatedWhenTheInvokeRuns() throws {
        let text = Self.chart(
            data: #"<data id="doc" expr="1"/>"#,
            onentry: #"<assign location="doc"><scxml version="1.0"><final/></scxml></assign>"#,
            invoke: #"<invoke><content expr="doc"/></invoke>"#)
        let loaded = try WorkflowReader.load(Array(text.utf8), file: "inline.scxml", dialect: .scxml)
        let outcome = try Simulation(interpreter: loaded.interpreter, start: Self.start).run()
        #expect(outcome.snapshot.finalState == "pass")
    }

    @Test(arguments: [("1", "not an SCXML document"), ("'&lt;scxml'", "not a usable SCXML document")])
    func contentExprThatIsNoDocumentRaisesErrorExecution(_ expr: String, _ message: String) throws {
        let text = Self.chart(invoke: #"<invoke><content expr="\#(expr)"/></invoke>"#, passOn: "error.execution")
        let loaded = try WorkflowReader.load(Array(text.utf8), file: "inline.scxml", dialect: .scxml)
        let outcome = try Simulation(interpreter: loaded.interpreter, start: Self.start).run()
        #expect(outcome.snapshot.finalState == "pass")
        #expect(Self.errorMessage(outcome)?.contains(message) == true, "\(Self.errorMessage(outcome) ?? "")")
    }

    @Test func aHostThatLendsNoDocumentSourceRaisesErrorExecutionNamingTheFix() throws {
        let text = Self.chart(invoke: #"<invoke srcexpr="'child.scxml'"/>"#, passOn: "error.execution")
        var interpreter = try WorkflowReader.load(Array(text.utf8), file: "inline.scxml", dialect: .scxml).interpreter
        interpreter.documents = nil
        let outcome = try Simulation(interpreter: interpreter, start: Self.start).run()
        #expect(outcome.snapshot.finalState == "pass")
        #expect(Self.errorMessage(outcome)?.contains("name it with src or an inline <content>") == true)
    }

    /// The attack: a document that invokes itself forever. It stops at the nesting limit with `error.execution`
    /// in the innermost session, instead of recursing until the stack runs out.
    @Test func aDocumentThatInvokesItselfStopsAtTheNestingLimit() throws {
        let selfInvoking = #"""
            <scxml xmlns="http://www.w3.org/2005/07/scxml" version="1.0" datamodel="accredit" initial="s0">
              <state id="s0">
                <invoke srcexpr="'self.scxml'"/>
                <transition event="error.execution" target="deepest"/>
                <transition event="done.invoke" target="pass"/>
              </state>
              <final id="deepest"/><final id="pass"/>
            </scxml>
            """#
        let outcome = try Self.withFiles(["self.scxml": selfInvoking]) { try Self.run($0 + "self.scxml") }
        #expect(outcome.snapshot.finalState == "pass")
        let sessions = Set(outcome.macrosteps.map(\.sessionID))
        #expect(sessions.count == 17, "\(sessions.sorted())")
    }

    @Test func aSnapshotRecordsTheChildDocumentAndRestoresWithoutReadingItAgain() throws {
        try Self.withFiles([
            "parent.scxml": Self.autoforwarding,
            "child.scxml": Self.waiting,
        ]) { folder in
            let interpreter = try WorkflowReader.load(fileAt: folder + "parent.scxml", dialect: .scxml).interpreter
            let first = interpreter.start(at: Self.start)
            let json = first.snapshot.canonicalJSON()
            #expect(json.contains(#""format":2"#))
            #expect(json.contains("<final id=\\\"f\\\"/>"))
            // The file is gone: the restore compiles the recorded text.
            try FileManager.default.removeItem(atPath: folder + "child.scxml")
            let restored = try interpreter.restore(canonicalJSON: json)
            #expect(restored == first.snapshot)
            #expect(restored.canonicalJSON() == json)
            let routed = try interpreter.process(ExternalEvent(name: "go", at: Self.start), snapshot: restored).get()
            #expect(routed.snapshot.finalState == "pass")
        }
    }

    @Test func aSnapshotWithoutSuchAChildIsStillFormatOne() throws {
        let text = Self.chart(invoke: "<invoke><content>\(Self.waiting)</content></invoke>")
        let interpreter = try WorkflowReader.load(Array(text.utf8), file: "inline.scxml", dialect: .scxml).interpreter
        let json = interpreter.start(at: Self.start).snapshot.canonicalJSON()
        #expect(json.hasPrefix(#"{"format":1,"#))
        #expect(!json.contains("markup"))
    }

    @Test func aRestoreRefusesARecordedChildItCannotCompile() throws {
        let text = Self.chart(
            data: "<data id=\"doc\">\(Self.waiting)</data>", invoke: #"<invoke><content expr="doc"/></invoke>"#)
        let loaded = try WorkflowReader.load(Array(text.utf8), file: "inline.scxml", dialect: .scxml)
        let json = loaded.interpreter.start(at: Self.start).snapshot.canonicalJSON()
        #expect(json.contains(#""format":2"#))
        var bare = loaded.interpreter
        bare.documents = nil
        let refused = #expect(throws: SnapshotError.self) { try bare.restore(canonicalJSON: json) }
        #expect(refused?.message.contains("no document source") == true, "\(refused?.message ?? "")")
        let tampered = json.replacingOccurrences(of: "<final id=\\\"f\\\"/>", with: "<final id=\\\"f\\\">")
        let broken = #expect(throws: SnapshotError.self) { try loaded.interpreter.restore(canonicalJSON: tampered) }
        #expect(broken?.message.contains("not a usable SCXML document") == true, "\(broken?.message ?? "")")
    }

    @Test func assignAndDataKeepTheMarkupOfTheirChildElements() throws {
        let text = #"""
            <scxml xmlns="http://www.w3.org/2005/07/scxml" xmlns:x="urn:x" version="1.0" datamodel="accredit">
              <datamodel><data id="d"> <item x:k="a&quot;b&lt;" n="1">one &amp; two</item> </data><data id="a"/></datamodel>
              <state id="s"><onentry><assign location="a"><p xmlns="urn:p"><q/>tail</p></assign></onentry></state>
            </scxml>
            """#
        let interpreter = try WorkflowReader.load(Array(text.utf8), file: "inline.scxml", dialect: .scxml).interpreter
        let data = interpreter.start(at: Self.start).snapshot.data
        #expect(
            data["d"]
                == .string(
                    #"<item xmlns="http://www.w3.org/2005/07/scxml" xmlns:ns1="urn:x" ns1:k="a&quot;b&lt;" n="1">"#
                        + "one &amp; two</item>"))
        #expect(data["a"] == .string(#"<p xmlns="urn:p"><q/>tail</p>"#))
    }

    @Test(arguments: [
        (#"<invoke src="a.scxml" srcexpr="'b.scxml'"/>"#, "both src and srcexpr"),
        (#"<invoke srcexpr="'b.scxml'"><content expr="1"/></invoke>"#, "only one of them"),
        (#"<invoke><content expr="1">text</content></invoke>"#, "expr or children, not both"),
        (#"<onentry><send event="e"><content expr="1">text</content></send></onentry>"#, "expr or children, not both"),
    ])
    func contradictoryChildDocumentsAreRefusedAtLoad(_ element: String, _ message: String) throws {
        let text = Self.chart(invoke: element)
        let error = #expect(throws: XMLDiagnostics.self) {
            try WorkflowReader.load(Array(text.utf8), file: "inline.scxml", dialect: .scxml)
        }
        #expect(error?.items.contains { $0.message.contains(message) } == true, "\(error?.items ?? [])")
    }

    /// A child that includes a data file and a grandchild statically: the snapshot records both, so that a
    /// restore reads no file, and the run after it matches the run that never stopped.
    @Test func aRestoreReadsNoFileEvenForWhatTheChildIncludes() throws {
        let parent = Self.autoforwarding
        let child = #"""
            <scxml xmlns="http://www.w3.org/2005/07/scxml" version="1.0" datamodel="accredit">
              <datamodel><data id="cfg" src="cfg.json"/></datamodel>
              <state id="c">
                <invoke id="g" src="grand.scxml" autoforward="true"/>
                <transition event="done.invoke.g" cond="cfg.ok == true" target="f"/>
              </state>
              <final id="f"/>
            </scxml>
            """#
        try Self.withFiles([
            "parent.scxml": parent, "child.scxml": child, "cfg.json": #"{"ok": true}"#, "grand.scxml": Self.waiting,
        ]) { folder in
            let interpreter = try WorkflowReader.load(fileAt: folder + "parent.scxml", dialect: .scxml).interpreter
            let first = interpreter.start(at: Self.start)
            let json = first.snapshot.canonicalJSON()
            let live = try interpreter.process(ExternalEvent(name: "go", at: Self.start), snapshot: first.snapshot)
                .get()
            #expect(live.snapshot.finalState == "pass")
            for name in ["child.scxml", "cfg.json", "grand.scxml"] {
                try FileManager.default.removeItem(atPath: folder + name)
            }
            let restored = try interpreter.restore(canonicalJSON: json)
            #expect(restored.canonicalJSON() == json)
            let after = try interpreter.process(ExternalEvent(name: "go", at: Self.start), snapshot: restored).get()
            #expect(after.snapshot == live.snapshot)
            #expect(after.macrosteps == live.macrosteps)
        }
    }

    /// The attack: a document that invokes itself twice at each level, from the datamodel (no file at all), would
    /// start 2^16 sessions before the depth limit stops it. One call invokes at most 1,000.
    @Test func aDocumentThatInvokesItselfManyTimesStopsAtTheSessionLimit() throws {
        let inner = #"""
            <scxml xmlns="http://www.w3.org/2005/07/scxml" version="1.0" datamodel="accredit">
              <datamodel><data id="me"/></datamodel>
              <state id="s">
                <invoke><param name="me" expr="me"/><content expr="me"/></invoke>
                <invoke><param name="me" expr="me"/><content expr="me"/></invoke>
              </state>
            </scxml>
            """#
        let markup = inner.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: "\"", with: "&quot;")
        let text = #"""
            <scxml xmlns="http://www.w3.org/2005/07/scxml" version="1.0" datamodel="accredit">
              <datamodel><data id="me" expr="'\#(markup.replacingOccurrences(of: "'", with: "\\'"))'"/></datamodel>
              <state id="s">
                <invoke><param name="me" expr="me"/><content expr="me"/></invoke>
                <invoke><param name="me" expr="me"/><content expr="me"/></invoke>
              </state>
            </scxml>
            """#
        let interpreter = try WorkflowReader.load(Array(text.utf8), file: "fan.scxml", dialect: .scxml).interpreter
        let step = interpreter.start(at: Self.start)
        var sessions = 0
        func count(_ value: Value) {
            guard case .object(let session) = value else { return }
            sessions += 1
            if case .array(let invocations)? = session["invocations"] {
                for case .object(let invocation) in invocations { invocation["child"].map(count) }
            }
        }
        count(step.snapshot.value["root"] ?? .null)
        #expect(sessions == 1_000)
    }

    /// Sessions that finish one after another are not limited: 1,200 invokes in one call, each child done at once.
    @Test func sessionsThatFinishOneAfterAnotherAreNotLimited() throws {
        let text = #"""
            <scxml xmlns="http://www.w3.org/2005/07/scxml" version="1.0" datamodel="accredit" initial="s">
              <datamodel><data id="n" expr="0"/></datamodel>
              <state id="s">
                <onentry><assign location="n" expr="n + 1"/></onentry>
                <invoke><content><scxml version="1.0"><final id="f"/></scxml></content></invoke>
                <transition event="done.invoke" cond="n &lt; 1200" target="s"/>
                <transition event="done.invoke" target="end"/>
                <transition event="error.execution" target="err"/>
              </state>
              <final id="end"/><final id="err"/>
            </scxml>
            """#
        let interpreter = try WorkflowReader.load(Array(text.utf8), file: "loop.scxml", dialect: .scxml).interpreter
        let step = interpreter.start(at: Self.start)
        #expect(step.snapshot.finalState == "end")
        #expect(step.snapshot.data["n"] == .integer(1_200))
    }

    @Test func aRestoreRefusesADocumentWhereRunningNeverPutsOne() throws {
        let text = Self.chart(
            data: "<data id=\"doc\">\(Self.waiting)</data>", invoke: #"<invoke><content expr="doc"/></invoke>"#)
        let interpreter = try WorkflowReader.load(Array(text.utf8), file: "inline.scxml", dialect: .scxml).interpreter
        let json = interpreter.start(at: Self.start).snapshot.canonicalJSON()
        let static1 = try WorkflowReader.load(
            Array(Self.chart(invoke: "<invoke><content>\(Self.waiting)</content></invoke>").utf8), file: "s.scxml",
            dialect: .scxml
        ).interpreter
        let staticJSON = static1.start(at: Self.start).snapshot.canonicalJSON()
        // The running child without its document, format 1 with a document, and format 2 without one.
        for (restorer, tampered, message) in [
            (interpreter, try Self.removing(member: "document", from: json), "records no document"),
            (interpreter, json.replacingOccurrences(of: #""format":2"#, with: #""format":1"#), "needs format 2"),
            (static1, staticJSON.replacingOccurrences(of: #""format":1"#, with: #""format":2"#), "holds no child"),
        ] {
            let refused = #expect(throws: SnapshotError.self) { try restorer.restore(canonicalJSON: tampered) }
            #expect(refused?.message.contains(message) == true, "\(refused?.message ?? "")")
        }
    }

    /// A snapshot's text with one object member removed wherever it occurs.
    static func removing(member: String, from json: String) throws -> String {
        func strip(_ value: Value) -> Value {
            switch value {
            case .object(var members):
                members[member] = nil
                return .object(members.mapValues(strip))
            case .array(let elements): return .array(elements.map(strip))
            default: return value
            }
        }
        return CanonicalJSON.encode(strip(try CanonicalJSON.parse(json)))
    }

    @Test func markupInTheXMLNamespaceKeepsItsPrefix() throws {
        let text = #"""
            <scxml xmlns="http://www.w3.org/2005/07/scxml" version="1.0" datamodel="accredit">
              <datamodel><data id="d"><xml:odd xml:lang="en">x</xml:odd></data></datamodel>
              <state id="s"/>
            </scxml>
            """#
        let interpreter = try WorkflowReader.load(Array(text.utf8), file: "inline.scxml", dialect: .scxml).interpreter
        let value = interpreter.start(at: Self.start).snapshot.data["d"]
        #expect(value == .string(#"<xml:odd xml:lang="en">x</xml:odd>"#))
    }

    /// Stored definitions (published versions, bundles) were published when a value with child elements held only
    /// its direct text and an expr won over content: they keep that, so no stored version changes or stops loading.
    @Test func storedDefinitionsKeepTheValuesTheyWerePublishedWith() throws {
        let text = #"""
            <scxml xmlns="http://www.w3.org/2005/07/scxml" xmlns:doc="urn:example:doc" datamodel="accredit">
              <datamodel><data id="limit"><doc:note>days before the reminder</doc:note>30</data></datamodel>
              <state id="s"><onentry><send event="e"><content expr="1">ignored</content></send></onentry></state>
            </scxml>
            """#
        let stored = try SCXMLLoader.loadStored(Array(text.utf8), file: "stored@1")
        #expect(stored.data.first?.content == "30")
        #expect(throws: XMLDiagnostics.self) { try SCXMLLoader.load(Array(text.utf8), file: "plain.scxml") }
    }
}

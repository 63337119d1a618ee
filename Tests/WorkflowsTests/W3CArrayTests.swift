import Foundation
import Statecharts
import Testing

@testable import Workflows

/// W3C test 525, which `../shared/scxml-w3c` could not convert while the `accredit` language had no array literal
/// or concatenation (`conf:extendArray`, ECMAScript's `[].concat(VarN, [4])`): `<foreach>` iterates over a shallow
/// copy of the array, so growing the array in the body does not lengthen the loop. Converted as the folder's README
/// converts the others, `concat(Var1, [4])` standing for `extendArray`.
struct W3CArrayTests {
    static let test525 = #"""
        <?xml version="1.0"?>
        <!-- test that foreach causes a new variable to be declared if 'item' doesn't already exist.  Also
        test that it will use an existing var if it does exist. -->
        <scxml initial="s0" version="1.0" datamodel="accredit" xmlns="http://www.w3.org/2005/07/scxml">
        <datamodel>
          <data id="Var1">[1,2,3]</data>
          <data id="Var2" expr="0"/>
        </datamodel>
        <state id="s0">
          <onentry>
            <foreach item="Var3" array="Var1">
              <assign location="Var1" expr="concat(Var1, [4])"/>
              <assign location="Var2" expr="Var2 + 1"/>
            </foreach>
          </onentry>
          <transition cond="Var2 == 3" target="pass"/>
          <transition target="fail"/>
        </state>
        <final id="pass"/>
        <final id="fail"/>
        </scxml>
        """#

    @Test(arguments: [false, true])
    func foreachIteratesOverAShallowCopy(roundTrip: Bool) throws {
        let loaded = try WorkflowReader.load(Array(Self.test525.utf8), file: "test525.scxml", dialect: .scxml)
        let start = Instant(iso8601: "2026-01-01T00:00:00Z") ?? .epoch
        let outcome = try Simulation(interpreter: loaded.interpreter, start: start, roundTripSnapshots: roundTrip).run()
        #expect(outcome.snapshot.finalState == "pass")
        // The array did grow: once per element of the copy.
        #expect(outcome.snapshot.data["Var1"] == [1, 2, 3, 4, 4, 4])
    }
}

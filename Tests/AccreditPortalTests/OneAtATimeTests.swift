import AccreditAPI
import Testing

/// The gate that lets one piece of heavy work of a kind run at a time (bundles with files, verifications, large
/// forms): the second is refused with the gate's problem, and the right comes back however the work ends.
struct OneAtATimeTests {
    struct Failure: Error {}

    static let gate = Problem(status: 429, code: "test.busy", title: "Busy", detail: "busy")

    @Test func aSecondIsRefusedUntilTheFirstIsReleased() throws {
        let gate = OneAtATime(refusal: Self.gate)
        let ticket = try gate.take()
        let refused = #expect(throws: Problem.self) { try gate.take() }
        #expect(refused?.code == "test.busy" && refused?.status == 429)
        ticket.release()
        try gate.take().release()
    }

    @Test func runGivesTheRightBackWhenTheWorkThrows() throws {
        let gate = OneAtATime(refusal: Self.gate)
        #expect(throws: Failure.self) { try gate.run { throw Failure() } }
        let inside = try gate.run { () throws -> Int in
            #expect(throws: Problem.self) { try gate.run { 1 } }
            return 2
        }
        #expect(inside == 2)
        #expect(try gate.run { 3 } == 3)
    }
}

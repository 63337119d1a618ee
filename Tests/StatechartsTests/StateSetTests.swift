import Testing

@testable import Statecharts

/// The bitset behind configurations and exit/entry sets.
struct StateSetTests {
    static func set(_ members: [Int], capacity: Int = 200) -> StateSet {
        var set = StateSet(capacity: capacity)
        for member in members { set.insert(member) }
        return set
    }

    @Test func membersAreInDocumentOrder() {
        #expect(Self.set([130, 2, 64, 63, 0]).members == [0, 2, 63, 64, 130])
    }

    @Test(arguments: [(0..<200), (1..<64), (63..<65), (64..<128), (5..<6), (130..<131), (10..<10)])
    func unionInRangeMatchesFilter(range: Range<Int>) {
        let source = Self.set([0, 1, 5, 63, 64, 65, 127, 128, 130, 199])
        var target = Self.set([3])
        target.formUnion(source, in: range)
        #expect(target.members == ([3] + source.members.filter { range.contains($0) }).sorted())
    }

    @Test func containsAnyInRange() {
        let source = Self.set([70])
        #expect(source.containsAny(in: 0..<200))
        #expect(source.containsAny(in: 70..<71))
        #expect(!source.containsAny(in: 71..<200))
        #expect(!source.containsAny(in: 0..<70))
    }
}

import AccreditEngine
import Testing

struct DefinitionIdentityTests {
    @Test func hashesTheExactBytes() {
        let identity = DefinitionIdentity(name: "abc", version: "1", bytes: Array("abc".utf8))
        #expect(identity.sha256 == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(identity.description == "abc@1 sha256:" + identity.sha256)
        let spaced = DefinitionIdentity(name: "abc", version: "1", bytes: Array("abc ".utf8))
        #expect(spaced.sha256 != identity.sha256)
    }

    @Test func changedContentUnderTheSameVersionConflicts() {
        let one = DefinitionIdentity(name: "f", version: "1", bytes: [1])
        #expect(one.conflicts(with: DefinitionIdentity(name: "f", version: "1", bytes: [2])))
        #expect(!one.conflicts(with: DefinitionIdentity(name: "f", version: "1", bytes: [1])))
        #expect(!one.conflicts(with: DefinitionIdentity(name: "f", version: "2", bytes: [2])))
    }
}

import AccreditEngine
import EvidenceStore
import Statecharts
import Workflows

extension Publisher {
    /// Refuses a workflow that declares a role with another kind than a published workflow (of another name or
    /// version) declares for it; the first clash in role order is reported.
    ///
    /// - Throws: ``CaseServiceError`` `.roleKindClash`, or ``StoreError`` when the catalog cannot be read.
    func checkRoleKinds(of document: Document, as identity: DefinitionIdentity) throws {
        let declared = document.roleKinds.kinds.filter { $0.key != WorkflowExtension.systemRole && !$0.value.isEmpty }
        guard !declared.isEmpty else { return }
        let published = try catalog.all(.workflow).filter {
            $0.reference != DefinitionReference(name: identity.name, version: identity.version)
        }
        .sorted { ($0.reference.name, $0.reference.version) < ($1.reference.name, $1.reference.version) }
        for role in declared.keys.sorted() {
            guard let kinds = declared[role] else { continue }
            for other in published {
                let name = "\(other.reference.name)@\(other.reference.version)"
                let theirs =
                    try SCXMLLoader.loadStored(Array(other.source.utf8), file: name).roleKinds.kinds[role] ?? []
                guard !theirs.isEmpty, theirs != kinds else { continue }
                throw CaseServiceError.refused(
                    .roleKindClash, rule: "workflow.role-kind-clash",
                    message: "workflow \(identity.name)@\(identity.version) declares role \(role) with kind "
                        + "\(Self.spelled(kinds)), but the published workflow \(name) declares it with kind "
                        + "\(Self.spelled(theirs)); a role keeps one kind in every workflow (every rule about people "
                        + "follows it): write <acc:role id=\"\(role)\" kind=\"\(Self.spelled(theirs))\"/> as \(name) "
                        + "does, or give the role another name")
            }
        }
    }

    /// Kinds as written in `kind="…"`, joined with "and" in the rare case of several.
    private static func spelled(_ kinds: Set<RoleKind>) -> String {
        kinds.map(\.rawValue).sorted().joined(separator: " and ")
    }
}

/// A kind of service a framework distinguishes when it scopes an assessment, such as `inpatient` or
/// `residential-care`: the directory's services name one, and criteria may apply only to some.
public struct ServiceKind: Hashable, Sendable {
    /// The kind's id, such as `inpatient`.
    public var id: String
    /// Its label, such as `Inpatient care`.
    public var label: String

    /// Creates a service kind.
    public init(id: String, label: String) {
        self.id = id
        self.label = label
    }
}

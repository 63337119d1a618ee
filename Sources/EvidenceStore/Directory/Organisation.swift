/// An organisation being accredited.
public struct Organisation: Hashable, Sendable {
    /// The organisation id.
    public var id: String
    /// Its name.
    public var name: String
    /// Its NHS ODS code, when it has one.
    public var odsCode: String?

    /// Creates an organisation.
    public init(id: String, name: String, odsCode: String?) {
        self.id = id
        self.name = name
        self.odsCode = odsCode
    }
}

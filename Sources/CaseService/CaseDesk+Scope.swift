import AccreditEngine
import EvidenceStore
import Statecharts
import Workflows

extension CaseDesk {
    /// Records a site of an organisation; only administrators may.
    ///
    /// - Throws: ``CaseRefusal`` `access.directory.write` or `directory.text`, or ``StoreError`` (`.invalid` for a
    ///   taken or malformed code, `.notFound` for an unknown organisation).
    public func recordSite(_ site: Site, by actorID: String) throws {
        let actor = try require(.writeDirectory, by: actorID)
        try Self.checkDirectoryText(site.name, "the site's name", limit: 500)
        if let address = site.address { try Self.checkDirectoryText(address, "the site's address", limit: 1000) }
        var site = site
        site.recordedBy = actor.id
        try directory.record(site)
    }

    /// Records a service at one of an organisation's sites; only administrators may. Its kind must be one that a
    /// published framework declares, so that a case can assess it.
    ///
    /// - Throws: ``CaseRefusal`` `access.directory.write`, `directory.text` or `scope.kind`, or ``StoreError`` (`.invalid` for a taken
    ///   or malformed code, `.notFound` for an unknown organisation or site).
    public func recordService(_ service: OrganisationService, by actorID: String) throws {
        let actor = try require(.writeDirectory, by: actorID)
        try Self.checkDirectoryText(service.name, "the service's name", limit: 500)
        let kinds = try publishedServiceKinds()
        guard kinds.contains(service.kind) else {
            throw CaseRefusal(
                rule: "scope.kind",
                message: "no published framework assesses services of kind '\(service.kind)': use one of "
                    + (kinds.isEmpty ? "(none published)" : kinds.sorted().joined(separator: ", ")))
        }
        var service = service
        service.recordedBy = actor.id
        try directory.record(service)
    }

    /// An organisation's sites and services, for a reader of the directory (someone who acts for an organisation
    /// reads only their own).
    ///
    /// - Throws: as ``organisation(_:as:)``.
    public func sitesAndServices(of organisation: String, as actorID: String) throws -> (
        sites: [Site], services: [OrganisationService]
    ) {
        _ = try self.organisation(organisation, as: actorID)
        return (try directory.sites(of: organisation), try directory.services(of: organisation))
    }

    /// `directory.text`: names and addresses, which cases copy and certificates state, are text without control,
    /// format or direction-override characters (which could make a certificate read otherwise than it says).
    static func checkDirectoryText(_ text: String, _ what: String, limit: Int) throws {
        let hidden = text.unicodeScalars.contains {
            $0.properties.generalCategory == .format || $0.properties.generalCategory == .control
                || $0.properties.generalCategory == .lineSeparator
                || $0.properties.generalCategory == .paragraphSeparator
        }
        guard FreeText.isValid(text, limit: limit), !hidden, !text.contains("\n") else {
            throw CaseRefusal(
                rule: "directory.text",
                message: "\(what) must be one line of 1 to \(limit) characters, without control, format or "
                    + "direction characters")
        }
    }

    /// The service kinds the published frameworks declare.
    public func publishedServiceKinds() throws -> Set<String> {
        var kinds: Set<String> = []
        for record in try catalog.all(.framework) {
            let framework = try FrameworkReader.loadFramework(
                Array(record.source.utf8), file: "\(record.reference.name)@\(record.reference.version)"
            ).framework
            kinds.formUnion(framework.serviceKinds.map(\.id))
        }
        return kinds
    }

    /// A `declare-scope` or `request-scope-change` event's services completed from the directory: each named by its
    /// code (or given whole, when it must agree with the directory) becomes the service's code, name, kind, site and
    /// site name, as recorded for the case's organisation.
    ///
    /// - Throws: ``CaseRefusal`` `scope.unknown-service`.
    func completingScope(_ data: Value, organisation: String) throws -> Value {
        guard case .object(var fields) = data, case .array(let items)? = fields["services"],
            items.count <= CaseScope.maximumServices
        else { return data }
        let services = Dictionary(
            try directory.services(of: organisation).map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        let sites = Dictionary(
            try directory.sites(of: organisation).map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        var completed: [Value] = []
        for item in items {
            let code: String
            switch item {
            case .string(let given): code = given
            case .object:
                guard case .string(let given)? = item["service"] else { return data }
                code = given
            default: return data
            }
            guard let service = services[code], let site = sites[service.site] else {
                let known = services.keys.sorted()
                throw CaseRefusal(
                    rule: "scope.unknown-service",
                    message: "\(organisation) has no service '\(code)' in the directory: "
                        + (known.isEmpty
                            ? "the secretariat records its sites and services first"
                            : "use one of \(known.prefix(20).joined(separator: ", "))"))
            }
            let whole = CaseScope.Service(
                code: service.code, name: service.name, kind: service.kind, site: site.code, siteName: site.name
            ).value
            if case .object = item, item != whole {
                throw CaseRefusal(
                    rule: "scope.unknown-service",
                    message: "service '\(code)' is recorded differently in the directory: name services by code")
            }
            completed.append(whole)
        }
        fields["services"] = .array(completed)
        return .object(fields)
    }
}

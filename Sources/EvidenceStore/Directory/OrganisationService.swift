import AccreditEngine
import Statecharts

/// A place where an organisation provides care, such as a hospital or a care home.
public struct Site: Hashable, Sendable {
    /// The organisation.
    public var organisation: String
    /// The site's code, unique within the organisation, such as `main`.
    public var code: String
    /// Its name, such as `Royal Infirmary`.
    public var name: String
    /// Its address, if recorded.
    public var address: String?
    /// Who recorded it.
    public var recordedBy: String
    /// When, by the store's clock (filled in when read).
    public var recordedAt: Instant?

    /// Creates a site.
    public init(
        organisation: String, code: String, name: String, address: String? = nil, recordedBy: String,
        recordedAt: Instant? = nil
    ) {
        self.organisation = organisation
        self.code = code
        self.name = name
        self.address = address
        self.recordedBy = recordedBy
        self.recordedAt = recordedAt
    }
}

/// A service an organisation provides at one of its sites, of a kind a framework names (such as `inpatient`).
public struct OrganisationService: Hashable, Sendable {
    /// The organisation.
    public var organisation: String
    /// The service's code, unique within the organisation, such as `maternity`.
    public var code: String
    /// The site it runs at.
    public var site: String
    /// Its kind, such as `inpatient`.
    public var kind: String
    /// Its name, such as `Maternity unit`.
    public var name: String
    /// Who recorded it.
    public var recordedBy: String
    /// When, by the store's clock (filled in when read).
    public var recordedAt: Instant?

    /// Creates a service.
    public init(
        organisation: String, code: String, site: String, kind: String, name: String, recordedBy: String,
        recordedAt: Instant? = nil
    ) {
        self.organisation = organisation
        self.code = code
        self.site = site
        self.kind = kind
        self.name = name
        self.recordedBy = recordedBy
        self.recordedAt = recordedAt
    }
}

extension DirectoryRecords {
    /// Records a site (appended, never changed).
    ///
    /// - Throws: ``StoreError`` `.invalid` for a taken or malformed code, a name or address too long; `.notFound`
    ///   for an unknown organisation.
    public func record(_ site: Site) throws(StoreError) {
        try directoryWrite("site \(site.code) of \(site.organisation)") {
            try connection.execute(
                "INSERT INTO sites (organisation_id, site_code, name, address, recorded_by) VALUES ($1, $2, $3, $4, $5)",
                [
                    .text(site.organisation), .text(site.code), .text(site.name),
                    site.address.map(PostgresValue.text) ?? .null, .text(site.recordedBy),
                ])
        }
    }

    /// Records a service at one of the organisation's sites (appended, never changed).
    ///
    /// - Throws: ``StoreError`` `.invalid` for a taken or malformed code or kind, a name too long; `.notFound` for
    ///   an unknown organisation or site.
    public func record(_ service: OrganisationService) throws(StoreError) {
        try directoryWrite("service \(service.code) of \(service.organisation)") {
            try connection.execute(
                """
                INSERT INTO services (organisation_id, service_code, site_code, kind, name, recorded_by)
                VALUES ($1, $2, $3, $4, $5, $6)
                """,
                [
                    .text(service.organisation), .text(service.code), .text(service.site), .text(service.kind),
                    .text(service.name), .text(service.recordedBy),
                ])
        }
    }

    /// An organisation's sites, by code.
    public func sites(of organisation: String) throws(StoreError) -> [Site] {
        try storeOperation(caseID: nil) {
            try connection.query(
                """
                SELECT organisation_id, site_code, name, address, recorded_by, recorded_at FROM sites
                WHERE organisation_id = $1 ORDER BY site_code
                """, [.text(organisation)]
            ).map { row in
                Site(
                    organisation: try row["organisation_id"].string(), code: try row["site_code"].string(),
                    name: try row["name"].string(), address: try row["address"].optionalString(),
                    recordedBy: try row["recorded_by"].string(), recordedAt: try row["recorded_at"].instant())
            }
        }
    }

    /// An organisation's services, by code.
    public func services(of organisation: String) throws(StoreError) -> [OrganisationService] {
        try storeOperation(caseID: nil) {
            try connection.query(
                """
                SELECT organisation_id, service_code, site_code, kind, name, recorded_by, recorded_at FROM services
                WHERE organisation_id = $1 ORDER BY service_code
                """, [.text(organisation)]
            ).map { row in
                OrganisationService(
                    organisation: try row["organisation_id"].string(), code: try row["service_code"].string(),
                    site: try row["site_code"].string(), kind: try row["kind"].string(),
                    name: try row["name"].string(), recordedBy: try row["recorded_by"].string(),
                    recordedAt: try row["recorded_at"].instant())
            }
        }
    }

    /// Writes one directory row, naming `what` in errors: a taken key, a malformed value, a missing reference.
    private func directoryWrite(_ what: String, _ body: () throws -> Void) throws(StoreError) {
        do {
            try body()
        } catch let error as PostgresError where error.hasSQLState(PostgresError.SQLState.uniqueViolation) {
            throw StoreError(code: .invalid, message: "\(what) is already recorded", underlying: error)
        } catch let error as PostgresError where error.hasSQLState(PostgresError.SQLState.checkViolation) {
            throw StoreError(
                code: .invalid,
                message: "\(what): a value is malformed (codes and kinds: a letter or digit, then letters, digits, "
                    + "'.', '_', '-', up to 64; names up to 500 characters, addresses up to 1,000)",
                underlying: error)
        } catch let error as PostgresError where error.hasSQLState(PostgresError.SQLState.foreignKeyViolation) {
            throw StoreError(
                code: .notFound,
                message: "\(what): the organisation or site is not in the directory; record the site first",
                underlying: error)
        } catch let error as PostgresError {
            throw StoreError.from(error, caseID: nil)
        } catch {
            throw StoreError(code: .environment, message: "\(error)")
        }
    }
}

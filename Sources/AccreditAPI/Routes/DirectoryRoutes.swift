import CaseService
import EvidenceStore
import Mail
import Statecharts

/// The directory: organisations, actors, conflict-of-interest declarations and competence records.
enum DirectoryRoutes {
    /// The routes.
    static let all: [APIRoute] = [
        APIRoute(.get, "/api/v1/organisations", operationID: "listOrganisations") { call in
            let organisations = try call.desk.organisations(as: try call.signedIn())
            return .json(["organisations": .array(organisations.map(DirectoryViews.organisation))])
        },
        APIRoute(.post, "/api/v1/organisations", operationID: "registerOrganisation") { call in
            let fields = try RequestFields(call.request.body)
            let organisation = Organisation(
                id: try fields.string("id"), name: try nonEmpty(fields, "name"),
                odsCode: try fields.optionalString("ods"))
            try call.desk.registerOrganisation(organisation, by: try call.signedIn())
            return .json(DirectoryViews.organisation(organisation), status: 201)
        },
        APIRoute(.get, "/api/v1/organisations/{organisation}", operationID: "getOrganisation") { call in
            let actor = try call.signedIn()
            let organisation = try call.desk.organisation(call.parameter("organisation"), as: actor)
            let cases = try call.desk.cases(as: actor, organisation: organisation.id)
            var fields = DirectoryViews.organisation(organisation).objectMembers
            fields["cases"] = .array(cases.map(CaseViews.listed))
            return .json(.object(fields))
        },
        APIRoute(.get, "/api/v1/actors", operationID: "listActors") { call in
            let actors = try call.desk.actors(as: try call.signedIn())
            return .json(["actors": .array(actors.map(DirectoryViews.actor))])
        },
        APIRoute(.post, "/api/v1/actors", operationID: "addActor") { call in
            let fields = try RequestFields(call.request.body)
            let actor = EvidenceStore.Actor(
                id: try fields.string("id"), name: try nonEmpty(fields, "name"), roles: try roles(fields),
                organisation: try fields.optionalString("organisation"),
                databaseLogin: try fields.optionalString("dbLogin"), email: try email(fields))
            try call.desk.addActor(actor, by: try call.signedIn())
            return .json(DirectoryViews.actor(actor), status: 201)
        },
        APIRoute(.post, "/api/v1/actors/{actor}/email", operationID: "recordActorEmail") { call in
            let person = call.parameter("actor")
            let fields = try RequestFields(call.request.body)
            guard fields.members["email"] != nil else {
                throw Problem.invalid(
                    "the request body needs \"email\": the address, or null to remove it", code: "request.missing-field"
                )
            }
            let address = try email(fields)
            let actor = try call.signedIn()
            try call.desk.recordEmail(address, of: person, by: actor)
            return .json(["actor": .string(person), "email": address.map(Value.string) ?? .null])
        },
        APIRoute(.get, "/api/v1/conflicts", operationID: "listConflicts") { call in
            let conflicts = try call.desk.conflicts(
                organisation: call.request.query["organisation"], as: try call.signedIn())
            return .json(["conflicts": .array(conflicts.map(DirectoryViews.conflict))])
        },
        APIRoute(.post, "/api/v1/conflicts", operationID: "declareConflict") { call in
            let fields = try RequestFields(call.request.body)
            let conflict = ConflictDeclaration(
                actor: try fields.string("actor"), organisation: try fields.string("organisation"),
                from: try day(fields, "from") ?? .epoch, until: try day(fields, "until"),
                reason: try nonEmpty(fields, "reason"))
            try call.desk.declareConflict(conflict, by: try call.signedIn())
            return .json(DirectoryViews.conflict(conflict), status: 201)
        },
        APIRoute(.get, "/api/v1/competences", operationID: "listCompetences") { call in
            let competences = try call.desk.competences(as: try call.signedIn(), of: call.request.query["actor"])
            return .json(["competences": .array(competences.map(DirectoryViews.competence))])
        },
        APIRoute(.post, "/api/v1/competences", operationID: "recordCompetence") { call in
            let fields = try RequestFields(call.request.body)
            var foundations: [String] = []
            if let given = fields.value("foundations").arrayValue {
                foundations = given.compactMap(\.stringValue)
                let isCode = { (code: String) in
                    !code.isEmpty && code.utf8.count <= 32
                        && code.unicodeScalars.allSatisfy {
                            $0.properties.isASCIIHexDigit || ("A"..."Z").contains($0)
                                || ("a"..."z").contains($0) || ("0"..."9").contains($0)
                                || "._-".unicodeScalars.contains($0)
                        }
                }
                guard foundations.count == given.count, given.count <= 64, foundations.allSatisfy(isCode) else {
                    throw Problem.invalid(
                        "\"foundations\" must hold at most 64 foundation codes (letters, digits, '.', '_', '-'), "
                            + "such as \"SL\"")
                }
            }
            let actor = try call.signedIn()
            var competence = Competence(
                actor: try fields.string("actor"), framework: try nonEmpty(fields, "framework"),
                foundations: foundations, trainedOn: try day(fields, "trainedOn") ?? .epoch,
                validUntil: try day(fields, "validUntil") ?? .epoch, recordedBy: actor,
                note: try fields.optionalString("note"))
            try call.desk.recordCompetence(competence, by: actor)
            competence.recordedAt = try call.desk.now()
            return .json(DirectoryViews.competence(competence), status: 201)
        },
    ]

    /// A string member that must not be empty.
    static func nonEmpty(_ fields: RequestFields, _ name: String) throws -> String {
        let text = try fields.string(name)
        guard !text.isEmpty else { throw Problem.invalid("\"\(name)\" must not be empty") }
        return text
    }

    /// `email`: an address reminders can go to (``MailAddress``), or nil when left out or null.
    static func email(_ fields: RequestFields) throws -> String? {
        guard let text = try fields.optionalString("email") else { return nil }
        if let problem = MailAddress.problem(text) {
            throw Problem.invalid("\"email\" \(problem)", code: "request.invalid-email")
        }
        return text
    }

    /// `roles`: a non-empty array of strings.
    static func roles(_ fields: RequestFields) throws -> Set<String> {
        guard let elements = fields.value("roles").arrayValue, !elements.isEmpty else {
            throw Problem.invalid("the request body needs \"roles\", a non-empty array of role names")
        }
        let names = elements.compactMap(\.stringValue)
        guard names.count == elements.count else { throw Problem.invalid("\"roles\" must hold strings") }
        return Set(names)
    }

    /// A day member (`2024-01-01`, or an ISO 8601 time); nil when absent, except for `from`, `trainedOn` and
    /// `validUntil`, which are required.
    static func day(_ fields: RequestFields, _ name: String) throws -> Instant? {
        let required = ["from", "trainedOn", "validUntil"].contains(name)
        guard let text = try required ? fields.string(name) : fields.optionalString(name) else { return nil }
        guard let instant = DirectoryViews.instant(text) else {
            throw Problem.invalid("\"\(name)\" must be a date, such as 2024-01-01")
        }
        return instant
    }
}

extension Value {
    /// The members, when this is an object (empty otherwise).
    var objectMembers: [String: Value] {
        if case .object(let members) = self { return members }
        return [:]
    }
}

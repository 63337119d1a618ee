import AccreditAPI
import AccreditEngine
import ArgumentParser
import Statecharts

extension Accreditctl.Org {
    /// `accreditctl org site ORG SITE --name NAME [--address TEXT]`.
    struct Site: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record a site of an organisation (secretariat); sites are never changed.",
            discussion: """
                Examples:
                  accreditctl org site riverside cottage --name "Cottage Hospital" --as sam
                """)

        @OptionGroup var actor: ActorOptions

        @Argument(help: "The organisation id.")
        var organisation: String

        @Argument(help: "The site's code, unique within the organisation.")
        var code: String

        @Option(help: "The site's name.")
        var name: String

        @Option(help: "Its address.")
        var address: String?

        func run() throws {
            try reportingFailures {
                var body: [String: Value] = ["site": .string(code), "name": .string(name)]
                if let address { body["address"] = .string(address) }
                _ = try APICaller(actor.reader).call(
                    .post, "/api/v1/organisations/\(APICaller.segment(organisation))/sites", body: .object(body))
                Output.line("recorded site \(code) of \(organisation)")
            }
        }
    }

    /// `accreditctl org service ORG SERVICE --site SITE --kind KIND --name NAME`.
    struct Service: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record a service at one of an organisation's sites (secretariat); services are never changed.",
            discussion: """
                The kind is one a published framework declares (the shipped one: inpatient, emergency, \
                outpatient, maternity, mental-health, community, primary-care, residential-care).

                Examples:
                  accreditctl org service riverside ward-2 --site cottage --kind inpatient \\
                    --name "Ward 2 (rehabilitation)" --as sam
                """)

        @OptionGroup var actor: ActorOptions

        @Argument(help: "The organisation id.")
        var organisation: String

        @Argument(help: "The service's code, unique within the organisation.")
        var code: String

        @Option(help: "The code of the site it runs at.")
        var site: String

        @Option(help: "Its kind, such as inpatient.")
        var kind: String

        @Option(help: "The service's name.")
        var name: String

        func run() throws {
            try reportingFailures {
                _ = try APICaller(actor.reader).call(
                    .post, "/api/v1/organisations/\(APICaller.segment(organisation))/services",
                    body: [
                        "service": .string(code), "site": .string(site), "kind": .string(kind), "name": .string(name),
                    ])
                Output.line("recorded service \(code) of \(organisation)")
            }
        }
    }

    /// `accreditctl org services ORG`.
    struct Services: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List an organisation's sites and services.",
            discussion: """
                Examples:
                  accreditctl org services riverside --as ann
                  accreditctl org services riverside --as sam --json
                """)

        @OptionGroup var who: ReaderOptions

        @OptionGroup var output: OutputOptions

        @Argument(help: "The organisation id.")
        var organisation: String

        func run() throws {
            try reportingFailures {
                let value = try APICaller(who).call(
                    .get, "/api/v1/organisations/\(APICaller.segment(organisation))/services")
                if output.json {
                    Output.json(value)
                    return
                }
                let services = value["services"]?.arrayValue ?? []
                for site in value["sites"]?.arrayValue ?? [] {
                    let code = JSONField.text(site, "site")
                    Output.line("\(code): \(JSONField.text(site, "name"))")
                    for service in services where service["site"] == .string(code) {
                        Output.line(
                            "  \(JSONField.text(service, "service")): \(JSONField.text(service, "name")) "
                                + "(\(JSONField.text(service, "kind")))")
                    }
                }
            }
        }
    }
}

import AccreditAPI
import AccreditEngine
import CaseService
import EvidenceStore
import Statecharts

/// How evidence records are shown (the API's ``EvidenceViews`` documents), and how one is found.
enum EvidenceView {
    /// The record's JSON.
    static func json(_ record: EvidenceRecord) -> Value {
        EvidenceViews.record(record)
    }

    /// The record of one evidence item the actor may see, as the API answers it.
    static func find(_ caller: APICaller, _ item: EvidenceArguments) throws -> Value {
        try caller.call(.get, path(item))
    }

    /// `/api/v1/cases/{case}/evidence/{evidence}`.
    static func path(_ item: EvidenceArguments) -> String {
        "/api/v1/cases/\(APICaller.segment(item.caseID))/evidence/\(APICaller.segment(item.evidenceID))"
    }

    /// A field as text.
    static func text(_ record: Value, _ key: String) -> String {
        switch record[key] {
        case .string(let text)?: text
        case .integer(let number)?: String(number)
        default: ""
        }
    }
}

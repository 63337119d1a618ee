import AccreditEngine
import Statecharts

/// What validating a clean definition file checked: what it is, the schema and static checks it passed, and what
/// it holds, so that `validate` can say more than nothing when all is well.
public struct ValidationSummary: Hashable, Sendable {
    /// One thing counted, such as 42 states.
    public struct Count: Hashable, Sendable {
        /// The JSON key, such as `mandatoryCriteria`.
        public var key: String
        /// The plural noun, such as `mandatory criteria`.
        public var noun: String
        /// How many.
        public var value: Int
    }

    /// `workflow`, `framework` or `crosswalk`.
    public var kind: String
    /// The definition's name (a workflow's `name`, a framework's `id`).
    public var name: String
    /// Its version.
    public var version: String
    /// The XSD it was validated against.
    public var schema: String
    /// How many static check rules ran (the award rules' dry run included, for a framework).
    public var staticChecks: Int
    /// What the file holds, in the order to report it.
    public var counts: [Count]
    /// The roles a workflow declares; empty otherwise.
    public var roles: [String]
    /// What the file was checked against as `name@version`: a workflow's framework (nil when none was found, so
    /// criteria ids were not checked), a crosswalk's two framework versions.
    public var checkedAgainst: [String]?
    /// How many warnings the file has.
    public var warnings: Int

    /// The summary of a loaded workflow.
    public init(_ loaded: LoadedWorkflow) {
        var states = 0
        var transitions = 0
        func walk(_ nodes: [StateNode]) {
            for node in nodes {
                if case .history = node.kind {} else { states += 1 }
                transitions += node.transitions.count
                walk(node.children)
            }
        }
        walk(loaded.document.children)
        kind = "workflow"
        name = loaded.identity.name
        version = loaded.identity.version
        schema = "accredit-scxml.xsd"
        staticChecks = WorkflowChecker.rules.count
        counts = [
            Count(key: "states", noun: "states", value: states),
            Count(key: "transitions", noun: "transitions", value: transitions),
        ]
        roles = loaded.document.declaredRoles
        checkedAgainst = loaded.framework.map { ["\($0.id)@\($0.version)"] }
        warnings = loaded.warnings.count
    }

    /// The summary of a loaded framework or crosswalk.
    public init(_ document: FrameworkDocument) {
        schema = "framework.xsd"
        roles = []
        warnings = document.warnings.count
        switch document {
        case .framework(let loaded):
            let framework = loaded.framework
            kind = "framework"
            name = framework.id
            version = framework.version
            staticChecks = FrameworkChecker.rules.count
            counts = [
                Count(key: "foundations", noun: "foundations", value: framework.foundations.count),
                Count(
                    key: "standards", noun: "standards",
                    value: framework.foundations.reduce(0) { $0 + $1.standards.count }),
                Count(key: "criteria", noun: "criteria", value: framework.criteria.count),
                Count(
                    key: "mandatoryCriteria", noun: "mandatory criteria",
                    value: framework.criteria.filter(\.mandatory).count),
                Count(key: "ratingLevels", noun: "rating levels", value: framework.ratingScale.levels.count),
                Count(key: "outcomes", noun: "outcomes", value: framework.outcomes.count),
                Count(key: "awardOutcomes", noun: "award outcomes", value: framework.outcomes.filter(\.isAward).count),
                Count(key: "awardRules", noun: "award rules", value: framework.awardRules.count),
                Count(
                    key: "dryRunAssessments", noun: "dry-run assessments", value: framework.ratingScale.levels.count + 1
                ),
            ]
            checkedAgainst = nil
        case .crosswalk(let loaded):
            kind = "crosswalk"
            name = loaded.identity.name
            version = loaded.identity.version
            staticChecks = CrosswalkLoader.rules.count
            counts = [Count(key: "entries", noun: "entries", value: loaded.crosswalk.entries.count)]
            checkedAgainst = [loaded.from, loaded.to].map { "\($0.framework.id)@\($0.framework.version)" }
        }
    }
}

import AccreditEngine
import Statecharts

/// A workflow or framework version a case pins: its name and version.
public struct DefinitionReference: Hashable, Sendable {
    /// The definition's name.
    public var name: String
    /// The definition's version.
    public var version: String

    /// Creates a reference.
    public init(name: String, version: String) {
        self.name = name
        self.version = version
    }
}

/// What a new case needs.
public struct NewCase: Hashable, Sendable {
    /// The case id, such as `C-2026-0001`.
    public var caseID: String
    /// The organisation being accredited.
    public var organisationID: String
    /// The workflow version the case runs on.
    public var workflow: DefinitionReference
    /// The framework version the case is assessed against.
    public var framework: DefinitionReference
    /// When the case was opened.
    public var openedAt: Instant
    /// True for a case imported from an earlier system: it may open in the past, and its history is imported.
    public var imported: Bool

    /// Creates a new-case record.
    public init(
        caseID: String, organisationID: String, workflow: DefinitionReference, framework: DefinitionReference,
        openedAt: Instant, imported: Bool = false
    ) {
        self.imported = imported
        self.caseID = caseID
        self.organisationID = organisationID
        self.workflow = workflow
        self.framework = framework
        self.openedAt = openedAt
    }
}

/// The read model of a case kept beside its log: what replaying the log gives, stored for fast reads.
public struct CaseProjection: Hashable, Sendable {
    /// A short status, such as `evidence-submission` or `awarded`.
    public var status: String
    /// The active state ids, in document order.
    public var configuration: [String]
    /// Open deadlines (timer id → due time and event), as JSON.
    public var deadlines: Value

    /// Creates a projection.
    public init(status: String, configuration: [String], deadlines: Value = .object([:])) {
        self.status = status
        self.configuration = configuration
        self.deadlines = deadlines
    }
}

/// An event to append; the store gives it its sequence number and hashes.
public struct NewEvent: Hashable, Sendable {
    /// The event name.
    public var type: String
    /// The actor id.
    public var actor: String
    /// When it happened.
    public var occurredAt: Instant
    /// The event data.
    public var payload: Value

    /// Creates an event to append.
    public init(type: String, actor: String, occurredAt: Instant, payload: Value = .null) {
        self.type = type
        self.actor = actor
        self.occurredAt = occurredAt
        self.payload = payload
    }
}

/// A change to a case's pending deadlines, made in the same transaction as the events that caused it.
public enum TimerChange: Hashable, Sendable {
    /// Schedules (or reschedules) a timer that delivers `event` with `data` at `due`.
    case schedule(id: String, due: Instant, event: String, data: Value)
    /// Cancels a timer; cancelling one that does not exist is not an error.
    case cancel(id: String)
}

/// An event as stored: its envelope and its place in the hash chain.
public struct StoredEvent: Hashable, Sendable {
    /// The hashed envelope.
    public var envelope: EventEnvelope
    /// The previous event's hash (32 zero bytes for the first event).
    public var previousHash: [UInt8]
    /// This event's hash.
    public var hash: [UInt8]
    /// The canonical payload text exactly as stored (hashing uses the parsed, re-encoded form).
    public var storedPayload: String
    /// When the database recorded it (for events just appended: when they occurred).
    public var recordedAt: Instant
    /// True for an event imported from an earlier system: `occurredAt` is when it happened there, `recordedAt`
    /// when it was imported.
    public var imported = false
}

/// A scheduled deadline as stored.
public struct StoredTimer: Hashable, Sendable {
    /// The case.
    public var caseID: String
    /// The timer id (the SCXML send id).
    public var timerID: String
    /// When it is due.
    public var due: Instant
    /// The event it delivers.
    public var event: String
    /// The event data.
    public var data: Value
}

/// A workflow and framework version pair that cases pin.
public struct PinnedDefinitions: Hashable, Sendable {
    /// The workflow version.
    public var workflow: DefinitionReference
    /// The framework version.
    public var framework: DefinitionReference

    /// Creates a pair.
    public init(workflow: DefinitionReference, framework: DefinitionReference) {
        self.workflow = workflow
        self.framework = framework
    }
}

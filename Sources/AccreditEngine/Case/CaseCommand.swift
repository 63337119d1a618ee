import Statecharts

/// One thing an actor (or the system, for a deadline) asks of a case.
public struct CaseCommand: Hashable, Sendable {
    /// The event name, such as `application.submit`, `review.rate` or, for deadlines, the timer's event.
    public var name: String
    /// The event data.
    public var data: Value
    /// The acting actor's id (`system` for deadlines).
    public var actor: String
    /// The roles the actor holds.
    public var roles: Set<String>
    /// When it happens (from the caller's clock, recorded in the envelope).
    public var at: Instant
    /// For deadlines: the timer being delivered.
    public var timerID: String?

    /// Creates a command from an actor.
    public init(name: String, data: Value = .null, actor: String, roles: Set<String>, at: Instant) {
        self.name = name
        self.data = data
        self.actor = actor
        self.roles = roles
        self.at = at
    }

    /// A command that delivers a due timer as the system.
    public static func timer(_ id: String, event: String, at: Instant) -> CaseCommand {
        var command = CaseCommand(name: event, data: ["timer": .string(id)], actor: "system", roles: ["system"], at: at)
        command.timerID = id
        return command
    }

    /// Rebuilds the command a stored event recorded, for replay.
    public init(envelope: EventEnvelope, roles: Set<String>) {
        self.init(
            name: envelope.type, data: envelope.payload, actor: envelope.actor, roles: roles, at: envelope.occurredAt)
        timerID = Self.timerID(actor: envelope.actor, data: envelope.payload)
    }

    /// The timer a stored event delivered: set when the system sent it with a `timer` member.
    static func timerID(actor: String, data: Value) -> String? {
        guard actor == "system", case .string(let id)? = data["timer"] else { return nil }
        return id
    }
}

/// Why a case refused a command, naming the rule that refused it.
public struct CaseRefusal: Error, Hashable, Sendable, CustomStringConvertible {
    /// A stable rule name, such as `workflow.role`, `impartiality.decision-maker` or `review.unknown-criterion`.
    public var rule: String
    /// What was refused and what to do.
    public var message: String

    /// Creates a refusal.
    public init(rule: String, message: String) {
        self.rule = rule
        self.message = message
    }

    /// `refused by rule: message`.
    public var description: String { "refused by \(rule): \(message)" }
}

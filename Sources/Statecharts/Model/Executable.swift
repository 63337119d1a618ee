/// One executable content element, with its source line.
public struct Executable: Hashable, Sendable {
    /// The element and its attributes.
    public var kind: ExecutableKind
    /// The source line.
    public var line: Int

    /// Creates an executable element.
    public init(_ kind: ExecutableKind, line: Int = 0) {
        self.kind = kind
        self.line = line
    }
}

/// The executable content elements SCXML defines (except `<script>`, which the reader rejects).
public indirect enum ExecutableKind: Hashable, Sendable {
    /// `<raise event>`.
    case raise(event: String)
    /// `<send>`.
    case send(Send)
    /// `<cancel sendid|sendidexpr>`.
    case cancel(sendID: String?, sendIDExpr: String?)
    /// `<assign location expr|content>`.
    case assign(location: String, expr: String?, content: String?)
    /// `<log label expr>`.
    case log(label: String?, expr: String?)
    /// `<if>`/`<elseif>`/`<else>`: each branch's condition (nil for else) and body.
    case `if`(branches: [IfBranch])
    /// `<foreach array item index>`.
    case foreach(array: String, item: String, index: String?, body: [Executable])
    /// A foreign-namespace element, ignored by the interpreter.
    case foreign(ForeignNode)
}

/// One branch of an `<if>`.
public struct IfBranch: Hashable, Sendable {
    /// The condition, nil for `<else>`.
    public var cond: String?
    /// The branch body.
    public var body: [Executable]

    /// Creates a branch.
    public init(cond: String?, body: [Executable]) {
        self.cond = cond
        self.body = body
    }
}

/// A `<send>` element.
public struct Send: Hashable, Sendable {
    /// `event` or nil.
    public var event: String?
    /// `eventexpr` or nil.
    public var eventExpr: String?
    /// `target` or nil.
    public var target: String?
    /// `targetexpr` or nil.
    public var targetExpr: String?
    /// `type` or nil.
    public var type: String?
    /// `typeexpr` or nil.
    public var typeExpr: String?
    /// `id` or nil.
    public var id: String?
    /// `idlocation` or nil.
    public var idLocation: String?
    /// `delay` or nil.
    public var delay: String?
    /// `delayexpr` or nil.
    public var delayExpr: String?
    /// `namelist` ids.
    public var namelist: [String]
    /// `<param>` children.
    public var params: [Param]
    /// `<content>` child.
    public var content: Content?

    /// Creates a send.
    public init(
        event: String? = nil, eventExpr: String? = nil, target: String? = nil, targetExpr: String? = nil,
        type: String? = nil, typeExpr: String? = nil, id: String? = nil, idLocation: String? = nil,
        delay: String? = nil, delayExpr: String? = nil, namelist: [String] = [], params: [Param] = [],
        content: Content? = nil
    ) {
        self.event = event
        self.eventExpr = eventExpr
        self.target = target
        self.targetExpr = targetExpr
        self.type = type
        self.typeExpr = typeExpr
        self.id = id
        self.idLocation = idLocation
        self.delay = delay
        self.delayExpr = delayExpr
        self.namelist = namelist
        self.params = params
        self.content = content
    }
}

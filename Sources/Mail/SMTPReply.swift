import NIOCore

/// One reply of an SMTP server: its three-digit code and its lines of text (several for a multi-line reply such as
/// `EHLO`'s list of extensions).
struct SMTPReply: Sendable {
    /// The reply code, such as 250.
    var code: Int
    /// The text of each line, after the code and its separator.
    var lines: [String]

    /// Whether the code is 2xx or 3xx.
    var isPositive: Bool { (200..<400).contains(code) }

    /// The text, lines joined, printable ASCII only and at most 300 characters (for messages).
    var text: String {
        let joined = lines.joined(separator: " / ")
        let shown = MailAddress.shown(String(joined.prefix(300)))
        return shown.isEmpty ? "(no text)" : shown
    }
}

/// Splits the server's bytes into replies: lines ending in CRLF (or LF), `250-…` continuing one, `250 …` ending
/// it. A line longer than 4,096 bytes or one without a code is a protocol violation.
struct SMTPReplyDecoder: ByteToMessageDecoder {
    typealias InboundOut = SMTPReply

    private var pending: [String] = []
    private var pendingCode: Int?

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let newline = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) else {
            if buffer.readableBytes > 4096 {
                throw MailError(.protocolViolation, "the server sent a line over 4096 bytes")
            }
            return .needMoreData
        }
        let length = newline - buffer.readerIndex
        guard var bytes = buffer.readBytes(length: length + 1) else { return .needMoreData }
        bytes.removeLast()
        if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
        guard bytes.count >= 3, bytes.prefix(3).allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
            let code = Int(String(decoding: bytes.prefix(3), as: UTF8.self)), (200..<600).contains(code),
            bytes.count == 3 || bytes[3] == UInt8(ascii: " ") || bytes[3] == UInt8(ascii: "-")
        else {
            throw MailError(
                .protocolViolation,
                "the server sent \"\(MailAddress.shown(String(decoding: bytes.prefix(80), as: UTF8.self)))\", "
                    + "which is not an SMTP reply")
        }
        if let pendingCode, pendingCode != code {
            throw MailError(.protocolViolation, "the server changed reply code within one reply")
        }
        let text = bytes.count > 4 ? String(decoding: bytes[4...], as: UTF8.self) : ""
        pending.append(text)
        if bytes.count > 3 && bytes[3] == UInt8(ascii: "-") {
            guard pending.count <= 100 else {
                throw MailError(.protocolViolation, "the server's reply ran past 100 lines")
            }
            pendingCode = code
            return .continue
        }
        let reply = SMTPReply(code: code, lines: pending)
        pending = []
        pendingCode = nil
        context.fireChannelRead(wrapInboundOut(reply))
        return .continue
    }

    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws
        -> DecodingState
    {
        while try decode(context: context, buffer: &buffer) == .continue, buffer.readableBytes > 0 {}
        return .needMoreData
    }
}

/// Hands replies to whoever waits for the next one, in order; fails every waiter once the connection ends or
/// errs. Its state is touched on its channel's event loop only (hence `@unchecked Sendable`).
final class SMTPReplyHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = SMTPReply

    private var replies: [SMTPReply] = []
    private var waiters: [EventLoopPromise<SMTPReply>] = []
    private var failure: MailError?

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let reply = unwrapInboundIn(data)
        guard waiters.isEmpty else {
            waiters.removeFirst().succeed(reply)
            return
        }
        // This client never pipelines: a reply nobody asked for (beyond the greeting, which comes first) is the
        // server talking out of turn.
        guard replies.isEmpty else {
            fail(MailError(.protocolViolation, "the server sent a reply nobody asked for"))
            context.close(promise: nil)
            return
        }
        replies.append(reply)
    }

    /// Whether a reply arrived that was not asked for yet; on the channel's event loop. Before TLS starts this must
    /// be none: a reply queued in clear text would otherwise be read as the first answer over TLS.
    var hasQueuedReply: Bool { !replies.isEmpty }

    /// Fails every waiter and closes the connection, because `what` took longer than it may; on the channel's
    /// event loop.
    func timedOut(_ what: String, channel: any Channel) {
        fail(MailError(.connection, what))
        channel.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(MailError(.connection, "the server closed the connection"))
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(SMTPSession.mailError(error))
        context.close(promise: nil)
    }

    /// The next reply, waiting at most `timeout`; on the channel's event loop.
    func next(on channel: any Channel, timeout: TimeAmount) -> EventLoopFuture<SMTPReply> {
        channel.eventLoop.preconditionInEventLoop()
        if !replies.isEmpty { return channel.eventLoop.makeSucceededFuture(replies.removeFirst()) }
        if let failure { return channel.eventLoop.makeFailedFuture(failure) }
        let promise = channel.eventLoop.makePromise(of: SMTPReply.self)
        waiters.append(promise)
        let timer = channel.eventLoop.scheduleTask(in: timeout) {
            self.fail(
                MailError(.connection, "the server did not answer within \(timeout.nanoseconds / 1_000_000_000) s"))
            channel.close(promise: nil)
        }
        promise.futureResult.whenComplete { _ in timer.cancel() }
        return promise.futureResult
    }

    /// Why the connection failed, if it did; on the channel's event loop.
    var recordedFailure: MailError? { failure }

    private func fail(_ error: MailError) {
        if failure == nil { failure = error }
        let waiting = waiters
        waiters = []
        for waiter in waiting { waiter.fail(failure ?? error) }
    }
}

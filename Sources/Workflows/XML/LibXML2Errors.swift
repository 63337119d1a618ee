import CLibXML2

/// Collects libxml2's structured errors for one parse or validation; handed to C as an unretained context pointer.
final class LibXML2ErrorCollector {
    let file: String
    let rule: String
    var diagnostics: [XMLDiagnostic] = []

    init(file: String, rule: String) {
        self.file = file
        self.rule = rule
    }

    /// Records one libxml2 error, trimming the trailing newline libxml2 adds.
    func record(_ error: xmlError) {
        var message = error.message.map { String(cString: $0) } ?? "unknown XML error"
        while message.last?.isNewline == true { message.removeLast() }
        let severity: XMLDiagnostic.Severity = error.level == XML_ERR_WARNING ? .warning : .error
        let rule = error.domain == Int32(XML_FROM_IO.rawValue) ? "xml.io" : self.rule
        diagnostics.append(
            XMLDiagnostic(
                file: file, line: Int(error.line), column: Int(max(error.int2, 0)), severity: severity, rule: rule,
                message: message))
    }

    /// The pointer to pass as libxml2 user data; valid while `self` is alive.
    var context: UnsafeMutableRawPointer { Unmanaged.passUnretained(self).toOpaque() }

    /// A C callback that forwards to the collector behind `context`; it captures nothing.
    static let callback: xmlStructuredErrorFunc = { context, error in
        guard let context, let error else { return }
        Unmanaged<LibXML2ErrorCollector>.fromOpaque(context).takeUnretainedValue().record(error.pointee)
    }
}

/// Process-wide libxml2 hardening, installed once before the first parse.
enum LibXML2Setup {
    /// Refuses every external resource (DTDs, external entities, XSD includes): definitions are self-contained.
    private static let refuseExternal: xmlExternalEntityLoader = { _, _, _ in nil }

    /// Installs the hardening; safe to call many times.
    static let installed: Void = {
        xmlInitParser()
        xmlSetExternalEntityLoader(refuseExternal)
    }()
}

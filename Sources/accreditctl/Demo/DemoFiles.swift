/// Generates the small, real evidence files the demo uploads: one-page PDFs and CSVs.
enum DemoFiles {
    /// A valid one-page PDF showing `lines` of text.
    static func pdf(title: String, lines: [String]) -> [UInt8] {
        func escape(_ text: String) -> String {
            var escaped = ""
            for character in text where character.isASCII {
                if character == "(" || character == ")" || character == "\\" { escaped.append("\\") }
                escaped.append(character)
            }
            return escaped
        }
        var stream = "BT /F1 16 Tf 72 760 Td (\(escape(title))) Tj /F1 11 Tf"
        for line in lines { stream += " 0 -18 Td (\(escape(line))) Tj" }
        stream += " ET"
        let objects = [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            "<< /Length \(stream.utf8.count) >>\nstream\n\(stream)\nendstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
        var output = "%PDF-1.4\n"
        var offsets: [Int] = []
        for (index, object) in objects.enumerated() {
            offsets.append(output.utf8.count)
            output += "\(index + 1) 0 obj\n\(object)\nendobj\n"
        }
        let xref = output.utf8.count
        output += "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n"
        for offset in offsets {
            let digits = String(offset)
            output += String(repeating: "0", count: 10 - digits.count) + digits + " 00000 n \n"
        }
        output += "trailer\n<< /Size \(objects.count + 1) /Root 1 0 R >>\nstartxref\n\(xref)\n%%EOF\n"
        return Array(output.utf8)
    }

    /// A CSV with a header and rows.
    static func csv(header: [String], rows: [[String]]) -> [UInt8] {
        Array(([header] + rows).map { $0.joined(separator: ",") }.joined(separator: "\n").utf8) + [0x0A]
    }
}

import AccreditPortal
import Foundation
import Testing

/// The templates: every file is compiled in and parses, and none can print a value unescaped.
struct TemplateTests {
    /// The templates' folder in the repository.
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources/AccreditPortal/Templates").path

    @Test func everyTemplateParses() throws {
        _ = try Portal()
    }

    @Test func noTemplatePrintsAValueUnescaped() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.folder).filter {
            $0.hasSuffix(".mustache")
        }
        #expect(!files.isEmpty)
        for file in files {
            let text = try String(contentsOfFile: Self.folder + "/" + file, encoding: .utf8)
            #expect(!text.contains("{{{"), "\(file) uses {{{…}}}, which does not escape")
            #expect(!text.contains("{{&"), "\(file) uses {{&…}}, which does not escape")
            #expect(!text.contains("{{="), "\(file) changes the delimiters, which hides what is escaped")
            #expect(!text.contains("<script>") && !text.contains(" style=\""), "\(file) has inline script or style")
            // The portal's escaping (bytes, not characters): set by the layout, which every page extends, and by
            // each partial, since a partial starts again with the library's own.
            #expect(
                text.hasPrefix("{{<layout}}") || text.hasPrefix("{{% CONTENT_TYPE: PORTAL_HTML}}\n"),
                "\(file) neither extends the layout nor sets the portal's escaping")
        }
    }

    @Test func everyTemplateFileIsCompiledIn() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.folder).filter {
            $0.hasSuffix(".mustache")
        }
        for file in files {
            let name = String(file.dropLast(".mustache".count))
            #expect(Portal.templateNames.contains(name), "\(file) is not listed in PageRenderer.sources")
        }
    }
}

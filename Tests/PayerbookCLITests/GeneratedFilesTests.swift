import Foundation
import PlaybookModel
import Testing

@testable import PayerbookCLI

/// Generated files are committed so editors and readers can use them; these tests fail when
/// they are stale. Regenerate with `make schema docs` (see CONTRIBUTING.md).
@Suite struct GeneratedFilesTests {
  func committed(_ relative: String) -> String {
    String(decoding: FileManager.default.contents(atPath: packageRoot + "/" + relative) ?? Data(), as: UTF8.self)
  }

  @Test func playbookSchemaIsCurrent() {
    #expect(
      committed("schema/playbook.schema.json") == JSONSchemaWriter.playbookSchema(),
      "schema/playbook.schema.json is out of date: run `make schema`")
  }

  @Test func diagnosticsReferenceIsCurrent() {
    #expect(
      committed("docs/diagnostics.md") == DiagnosticsCommand.markdown(),
      "docs/diagnostics.md is out of date: run `make docs`")
  }

  @Test func everySamplePlaybookPointsEditorsAtTheSchema() throws {
    let root = packageRoot + "/playbooks"
    let files = (FileManager.default.enumerator(atPath: root)?.allObjects as? [String] ?? []).filter { $0.hasSuffix(".yaml") }
    #expect(files.count >= 9)
    for file in files {
      let depth = file.split(separator: "/").count - 1
      let expected = "# yaml-language-server: $schema=" + String(repeating: "../", count: depth + 1) + "schema/playbook.schema.json"
      let first = committed("playbooks/" + file).split(separator: "\n").first.map(String.init)
      #expect(first == expected, "\(file)")
    }
  }
}

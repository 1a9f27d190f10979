import Diagnostics
import Foundation
import Testing

@testable import PlaybookModel

/// Every diagnostic code has a fixture in `Fixtures/diagnostics/` named after it. Each fixture
/// ends with `# expect: CODE LINE:COLUMN message` lines: the exact diagnostics that linting it
/// (with the bases in `Fixtures/diagnostics/base/`) must produce, no more and no fewer.
/// `# expect: nothing` marks a fixture that must lint clean. A `NAME.companion.yaml` file is
/// loaded beside every fixture (for checks across playbooks) but not checked itself.
@Suite struct DiagnosticFixtureTests {
  static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Fixtures/diagnostics").path

  static var fixtures: [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
      .filter { $0.hasSuffix(".yaml") && !$0.hasSuffix(".companion.yaml") }
      .sorted()
  }

  static func expectations(in path: String) -> [String] {
    let bytes = FileManager.default.contents(atPath: path) ?? Data()
    let text = String(decoding: bytes, as: UTF8.self)
    return text.split(separator: "\n").compactMap { line in
      guard line.hasPrefix("# expect: ") else { return nil }
      let value = String(line.dropFirst("# expect: ".count))
      return value == "nothing" ? nil : value
    }
  }

  @Test(arguments: fixtures)
  func fixtureProducesExactlyItsExpectedDiagnostics(_ name: String) throws {
    let path = Self.folder + "/" + name
    var bag = DiagnosticBag()
    let bases = PlaybookLibrary.playbookFiles(in: Self.folder + "/base", diagnostics: &bag)
    let companions = ((try? FileManager.default.contentsOfDirectory(atPath: Self.folder)) ?? [])
      .filter { $0.hasSuffix(".companion.yaml") }.map { Self.folder + "/" + $0 }
    let library = PlaybookLibrary.load(files: bases + companions + [path], root: Self.folder)
    let actual = (library.diagnostics.sorted + PlaybookAnalyzer.analyze(library))
      .filter { $0.path == path }
      .map { d in "\(d.code.id) \(d.span.map { "\($0.start.line):\($0.start.column)" } ?? "-") \(d.message)" }
    let expected = Self.expectations(in: path)
    #expect(actual == expected, "\(name)")
    // Bases and companions must stay clean, or they would hide problems.
    let others = library.diagnostics.all.filter { $0.path != path && !($0.path ?? "").hasSuffix(".companion.yaml") }
    #expect(others.isEmpty, "\(others.map(\.description))")
  }

  @Test func everyPlaybookCodeHasAFixture() {
    let named = Set(Self.fixtures.map { String($0.prefix(5)) })
    // PB001/PB002 are about folders and files, tested in PlaybookLibraryTests.
    let playbookCodes = DiagnosticCode.all.filter { code in
      ["PB1", "PB2", "PB3", "PB4", "PB5"].contains(String(code.id.prefix(3)))
    }
    let missing = playbookCodes.filter { !named.contains($0.id) }.map(\.id)
    #expect(missing.isEmpty, "codes without a fixture: \(missing)")
    #expect(playbookCodes.count >= 40)
  }

  @Test func helpLinesCarryTheFix() throws {
    let path = Self.folder + "/PB201-unknown-key.yaml"
    let library = PlaybookLibrary.load(files: [path], root: Self.folder)
    let d = try #require(library.diagnostics.all.first { $0.code == .unknownKey })
    #expect(d.help == "did you mean `requires`?")
    #expect(
      DiagnosticRenderer.human(d).hasSuffix(
        """
          14 |     requries: [lmn]
             |     ^~~~~~~~
          help: did you mean `requires`?

        """))
  }
}

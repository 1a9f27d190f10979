import Diagnostics
import Foundation
import Testing

@testable import PlaybookModel

/// Writes a playbooks folder in a temporary directory.
func makeFolder(_ files: [String: String]) throws -> String {
  let dir = NSTemporaryDirectory() + "pb-lib-\(UUID().uuidString)"
  for (name, text) in files {
    let path = dir + "/" + name
    try FileManager.default.createDirectory(
      atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
  }
  return dir
}

@Suite struct PlaybookLibraryTests {
  static let base = """
    revision: base-3
    holidays: [2026-11-26]
    proofs:
      lmn: {title: Letter of medical necessity}
      op_note: {title: Operative note}
    appeal_levels:
      - {id: first, title: First, deadline: {days: 180, from: remit_date}}
      - {id: external, title: External review, deadline: {months: 4, from: previous_decision}}
    denial_reasons:
      - id: necessity
        title: Base necessity
        match: {carc: [50]}
        requires: [lmn]
      - id: duplicate
        title: Duplicate
        match: {group: [OA], carc: [18]}
        action: {type: write_off, reason: Already paid}
    checks:
      - {id: mri-auth, when: {procedures: [72148]}, requires: [lmn], severity: error}

    """

  @Test func extendsMergesByIDAndInheritsTheRest() throws {
    let dir = try makeFolder([
      "base/commercial.yaml": Self.base,
      "acme.yaml": """
        extends: base/commercial
        payer: {id: acme, name: Acme Health}
        revision: 2026-06-01
        proofs:
          lmn: {title: Acme letter of medical necessity}
        denial_reasons:
          - id: necessity
            title: Acme necessity
            match: {carc: [50], procedures: [29870-29889]}
            requires: [lmn, op_note]
        """,
    ])
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let library = PlaybookLibrary.load(folder: dir)
    #expect(library.diagnostics.all.isEmpty, "\(library.diagnostics.all.map(\.description))")
    #expect(library.resolved.count == 1)
    let acme = try #require(library.resolved.first)
    #expect(acme.bases == ["base/commercial"])
    #expect(acme.denialReasons.map(\.id) == ["necessity", "duplicate"])
    #expect(acme.denialReasons[0].title == "Acme necessity")
    #expect(acme.denialReasons[0].sourceKey == "acme")
    #expect(acme.denialReasons[1].sourceKey == "base/commercial")
    #expect(acme.proofs["lmn"]?.title == "Acme letter of medical necessity")
    #expect(acme.proofs["op_note"]?.title == "Operative note")
    #expect(acme.appealLevels.map(\.id) == ["first", "external"])
    #expect(acme.checks.map(\.id) == ["mri-auth"])
    #expect(acme.holidays.map(\.description) == ["2026-11-26"])
    #expect(acme.revision == "acme@2026-06-01+base/commercial@base-3")
  }

  @Test func extendsAcceptsExtensionAndDotSlash() throws {
    let dir = try makeFolder([
      "base/b.yaml": Self.base,
      "x.yaml": "extends: ./base/b.yaml\npayer: {id: x, name: X}\n",
    ])
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let library = PlaybookLibrary.load(folder: dir)
    #expect(library.diagnostics.all.isEmpty)
    #expect(library.resolved.first?.bases == ["base/b"])
  }

  @Test func cyclesThroughTwoBasesAreReportedOnce() throws {
    let dir = try makeFolder([
      "base/a.yaml": "extends: base/b\nproofs: {lmn: {title: L}}\n",
      "base/b.yaml": "extends: base/a\n",
      "p.yaml": "extends: base/a\npayer: {id: p, name: P}\n",
    ])
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let library = PlaybookLibrary.load(folder: dir)
    let cycles = library.diagnostics.all.filter { $0.code == .extendsCycle }
    #expect(!cycles.isEmpty)
    #expect(cycles.allSatisfy { $0.message.contains("makes a loop") })
  }

  @Test func routingNamesCompareNormalized() throws {
    let dir = try makeFolder([
      "a.yaml": "payer: {id: a, name: A, identifiers: {names: ['Acme Health Plan, Inc.']}}\n",
      "b.yaml": "payer: {id: b, name: B, identifiers: {names: [ACME HEALTH PLAN]}}\n",
    ])
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let library = PlaybookLibrary.load(folder: dir)
    #expect(library.diagnostics.all.map(\.code) == [.ambiguousRouting])
    #expect(library.diagnostics.all.first?.message == "name `ACME HEALTH PLAN` also claimed by `a`")
    #expect(PayerNames.normalize("Acme Health Plan, Inc.") == "ACME HEALTH PLAN")
  }

  @Test func twoDefaultsForOnePlanTypeAreAmbiguous() throws {
    let dir = try makeFolder([
      "mcr.yaml": "payer: {id: mcr, name: Medicare, default_for: [medicare_part_b]}\n",
      "other.yaml": "payer: {id: other, name: Other, default_for: [medicare_part_b]}\n",
    ])
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let library = PlaybookLibrary.load(folder: dir)
    #expect(library.diagnostics.all.map(\.message) == ["`default_for: medicare_part_b` also claimed by `mcr`"])
  }

  @Test func testFilesAndHiddenFilesAreNotPlaybooks() throws {
    let dir = try makeFolder([
      "a.yaml": "payer: {id: a, name: A}\n",
      "a.test.yaml": "this is: [not a playbook\n",
      ".hidden.yaml": "nor: [this\n",
      "notes.txt": "ignored",
    ])
    defer { try? FileManager.default.removeItem(atPath: dir) }
    var bag = DiagnosticBag()
    let files = PlaybookLibrary.playbookFiles(in: dir, diagnostics: &bag)
    #expect(files.map { ($0 as NSString).lastPathComponent } == ["a.yaml"])
  }

  @Test func unreadableFileIsReportedNotFatal() throws {
    let dir = try makeFolder(["a.yaml": "payer: {id: a, name: A}\n"])
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let library = PlaybookLibrary.load(files: [dir + "/a.yaml", dir + "/gone.yaml"], root: dir)
    #expect(library.resolved.count == 1)
    #expect(library.diagnostics.all.map(\.code) == [.cannotRead])
    #expect(library.diagnostics.all.first?.path == dir + "/gone.yaml")
  }

  @Test func parallelLoadGivesTheSameResultAsOneFileAtATime() throws {
    var files: [String: String] = ["base/b.yaml": Self.base]
    for i in 0..<40 {
      files["p\(i).yaml"] = "extends: base/b\npayer: {id: p\(i), name: Payer \(i)}\ndenial_reasons:\n  - {id: r, title: R, match: {carc: [50]}, requires: [lmnx]}\n"
    }
    let dir = try makeFolder(files)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let a = PlaybookLibrary.load(folder: dir)
    let b = PlaybookLibrary.load(folder: dir)
    #expect(a.resolved.map(\.playbook.key) == b.resolved.map(\.playbook.key))
    #expect(a.diagnostics.sorted.map(\.description) == b.diagnostics.sorted.map(\.description))
    #expect(a.diagnostics.all.count == 40)
    #expect(a.diagnostics.all.allSatisfy { $0.code == .undefinedProof && $0.help == "did you mean `lmn`?" })
  }

  @Test func inheritedStartAtMustNameAKeptLevel() throws {
    let dir = try makeFolder([
      "base/b.yaml": Self.base.replacingOccurrences(of: "    requires: [lmn]\n  - id: duplicate", with: "    requires: [lmn]\n    start_at: external\n  - id: duplicate"),
      "p.yaml": "extends: base/b\npayer: {id: p, name: P}\nappeal_levels:\n  - {id: first, title: First, deadline: {days: 90, from: remit_date}}\n",
    ])
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let library = PlaybookLibrary.load(folder: dir)
    #expect(library.diagnostics.all.map(\.message) == [
      "inherited reason `necessity` starts at level `external`, which this playbook's `appeal_levels` does not define"
    ])
    #expect(library.diagnostics.all.first?.path == dir + "/p.yaml")
  }

  @Test func disabledReasonWithoutProofsIsNotWarned() throws {
    let (_, diagnostics) = PlaybookLibrary.decode(
      path: "d.yaml", text: "payer: {id: d, name: D}\ndenial_reasons:\n  - {id: r, title: R, match: {carc: [50]}, enabled: false}\n", key: "d")
    #expect(diagnostics.isEmpty)
  }
}

import Foundation
import Testing

@testable import PayerbookCLI

@Suite struct LintCommandTests {
  let fixtures = packageRoot + "/Tests/PlaybookModelTests/Fixtures/diagnostics"

  @Test func reportsWithPositionCaretAndHelpAndExitsOne() {
    let (code, out, _) = run("lint", "--playbooks", fixtures, fixtures + "/PB301-undefined-proof.yaml")
    #expect(code == 1)
    assertGolden("lint-undefined-proof.txt", out.replacingOccurrences(of: packageRoot + "/", with: ""))
  }

  @Test func cleanPlaybookExitsZero() {
    let (code, out, _) = run("lint", "--playbooks", fixtures, fixtures + "/valid-extends-base.yaml")
    #expect(code == 0)
    #expect(out == "checked 2 files (1 payer playbook): 0 errors, 0 warnings\n")
  }

  @Test func warningsFailOnlyWithStrict() {
    let file = fixtures + "/PB505-empty-requires.yaml"
    #expect(run("lint", "--playbooks", fixtures, "--quiet", file).0 == 0)
    #expect(run("lint", "--playbooks", fixtures, "--strict", "--quiet", file).0 == 1)
  }

  @Test func jsonOutputIsStable() throws {
    let (code, out, _) = run("lint", "--playbooks", fixtures, "--format", "json", fixtures + "/PB201-unknown-key.yaml")
    #expect(code == 1)
    let object = try #require(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any])
    #expect(object["errors"] as? Int == 1)
    #expect(object["warnings"] as? Int == 0)
    #expect(object["ok"] as? Bool == false)
    let first = try #require((object["diagnostics"] as? [[String: Any]])?.first)
    #expect(first["code"] as? String == "PB201")
    #expect(first["name"] as? String == "unknown-key")
    #expect(first["line"] as? Int == 14)
    #expect(first["column"] as? Int == 5)
    #expect(first["message"] as? String == "unknown key `requries` in denial reason")
    #expect(first["help"] as? String == "did you mean `requires`?")
    #expect((first["file"] as? String)?.hasSuffix("PB201-unknown-key.yaml") == true)
  }

  @Test func missingPathIsAnIOErrorExitTwo() {
    let (code, out, _) = run("lint", "/nonexistent/playbooks")
    #expect(code == 2)
    #expect(out.hasPrefix("/nonexistent/playbooks: error[PB001]: `/nonexistent/playbooks` does not exist"))
  }

  @Test func emptyFolderHasNoPlaybooks() throws {
    let dir = NSTemporaryDirectory() + "pb-empty-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let (code, out, _) = run("lint", dir)
    #expect(code == 1)
    #expect(out.contains("error[PB002]: no playbook files in"))
  }

  @Test func bundledSamplePlaybooksLintCleanStrict() {
    let (code, out, _) = run("lint", "--strict", packageRoot + "/playbooks")
    #expect(code == 0, "\(out)")
    #expect(out.hasSuffix(": 0 errors, 0 warnings\n"))
  }
}

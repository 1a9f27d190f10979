import Foundation
import Testing

@testable import PayerbookCLI

/// End to end: recurring unplaybooked denials in the store become a suggestion; `apply` writes
/// the patch into a copy of the playbooks only after it lints, bumps the revision and records
/// the approval; `reject` hides a suggestion until its evidence changes; `backtest` shows what
/// the applied edit changes on stored history.
@Suite struct SuggestCommandTests {
  struct Setup {
    let dir: String
    var db: String { dir + "/s.db" }
    var playbooks: String { dir + "/playbooks" }
  }

  func setup(denials: Int) throws -> Setup {
    let dir = NSTemporaryDirectory() + "pb-suggest-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    try FileManager.default.copyItem(atPath: packageRoot + "/playbooks", toPath: dir + "/playbooks")
    // Unplaybooked CO-97 denials of a knee injection (20610) for Acme, each a different claim.
    var items: [String] = []
    for i in 0..<denials {
      items.append(
        """
        {"patient_control_number": "INJ\(100 + i)", "payer_id": "60054", "billed": 240, "paid": 0,
         "adjustments": [{"group": "CO", "reason": "97", "amount": 240}], "remarks": ["M15"],
         "lines": [{"procedure": {"code": "20610", "modifiers": ["RT"]}, "billed": 240, "paid": 0}],
         "service_from": "2026-0\(1 + i % 9)-12", "remit_date": "2026-0\(1 + i % 9)-28"}
        """)
    }
    try Data("{\"denials\": [\(items.joined(separator: ","))]}".utf8).write(to: URL(fileURLWithPath: dir + "/d.json"))
    let s = Setup(dir: dir)
    let (code, out, err) = run("ingest", dir + "/d.json", "--db", s.db, "--playbooks", s.playbooks, "--today", "2026-12-03")
    #expect(code == 0, "\(out)\(err)")
    return s
  }

  @Test func recurringUnplaybookedDenialsBecomeAReviewedPatch() throws {
    let s = try setup(denials: 8)
    defer { try? FileManager.default.removeItem(atPath: s.dir) }
    let common = ["--db", s.db, "--playbooks", s.playbooks, "--today", "2026-12-03"]
    let (code, out, _) = run(["suggest"] + common)
    #expect(code == 0)
    #expect(out.contains("uncovered-denials  acme-health"), "\(out)")
    let id = try #require(out.split(separator: " ").first.map(String.init))
    #expect(id.hasPrefix("S") && id.count == 9)

    let (showCode, show, _) = run(["suggest", "show", id] + common)
    #expect(showCode == 0)
    #expect(show.contains("+++ b/\(s.playbooks)/acme-health.yaml"))
    #expect(show.contains("carc: [97]"))
    #expect(!show.contains("SAMPLE"))

    let before = try String(contentsOfFile: s.playbooks + "/acme-health.yaml", encoding: .utf8)
    let (applyCode, applied, applyErr) = run(["suggest", "apply", id, "--by", "M. Chen"] + common)
    #expect(applyCode == 0, "\(applied)\(applyErr)")
    #expect(applied.contains("approval recorded"))
    let after = try String(contentsOfFile: s.playbooks + "/acme-health.yaml", encoding: .utf8)
    // Only the revision line and the appended reason differ; everything else is byte-identical.
    #expect(after.contains("revision: 2026-12-03\n"))
    #expect(after.hasPrefix(String(before.prefix(before.distance(from: before.startIndex, to: before.range(of: "revision:")!.lowerBound)))))
    #expect(after.count > before.count)
    // The edited folder still lints (warnings allowed: the new reason lists no proofs yet).
    let (lintCode, lint, _) = run("lint", s.playbooks)
    #expect(lintCode == 0, "\(lint)")
    // Approved suggestions are not suggested again; the approval is in the audit log.
    let (_, again, _) = run(["suggest"] + common)
    #expect(!again.contains(id))
    // The stored denials were matched again with the new reason: no new uncovered finding.
    #expect(applied.contains("matched 8 stored denials of acme-health again"))
    #expect(!again.contains("uncovered-denials"), "\(again)")
    let (_, worklist, _) = run("worklist", "--db", s.db, "--today", "2026-12-03")
    #expect(!worklist.contains("unplaybooked"))

    // Backtest: against the original playbooks, the stored denials now match the new reason.
    let (btCode, bt, _) = run("backtest", "--db", s.db, "--baseline", packageRoot + "/playbooks", "--playbooks", s.playbooks, "--today", "2026-12-03")
    #expect(btCode == 0)
    #expect(bt.contains("8 match gained"), "\(bt)")
  }

  @Test func rejectedSuggestionsStayHiddenUntilTheEvidenceChanges() throws {
    let s = try setup(denials: 7)
    defer { try? FileManager.default.removeItem(atPath: s.dir) }
    let common = ["--db", s.db, "--playbooks", s.playbooks, "--today", "2026-12-03"]
    let (_, out, _) = run(["suggest"] + common)
    let id = try #require(out.split(separator: " ").first.map(String.init))
    let (code, rejected, _) = run(["suggest", "reject", id, "--by", "M. Chen", "--reason", "contract changed"] + common)
    #expect(code == 0)
    #expect(rejected.contains("rejected \(id)"))
    let (_, after, _) = run(["suggest"] + common)
    #expect(!after.contains(id))
    // More evidence for the same finding: it comes back under the same id.
    let more = """
      {"patient_control_number": "INJ999", "payer_id": "60054", "billed": 240, "paid": 0,
       "adjustments": [{"group": "CO", "reason": "97", "amount": 240}], "remarks": ["M15"],
       "lines": [{"procedure": {"code": "20610", "modifiers": ["RT"]}, "billed": 240, "paid": 0}],
       "service_from": "2026-10-12", "remit_date": "2026-10-28"}
      """
    try Data(more.utf8).write(to: URL(fileURLWithPath: s.dir + "/more.json"))
    _ = run("ingest", s.dir + "/more.json", "--db", s.db, "--playbooks", s.playbooks, "--today", "2026-12-03")
    let (_, back, _) = run(["suggest"] + common)
    #expect(back.contains(id), "\(back)")
  }

  @Test func applyAndRejectNeedAName() {
    let (code, _, err) = run("suggest", "apply", "S12345678")
    #expect(code == 2)
    #expect(err.contains("`suggest apply` needs `--by NAME`"))
  }
}

import Testing

@testable import Suggestions

@Suite struct PatchWriterTests {
  static let playbook = """
    # Acme: comments must survive.
    payer:
      id: acme
      name: Acme
    revision: 2026-06-01
    proofs:
      lmn: {title: Letter}
      op_note: {title: Op note}
    appeal_levels:
      - id: first
        title: First
        deadline: {days: 180, from: remit_date}   # ERISA minimum
    denial_reasons:
      # Knee policy.
      - id: knee
        title: Knee scope
        match: {carc: [50]}
        requires: [lmn]
        steps:
          - Call
      - id: mri
        title: MRI
        match: {carc: [197]}
        requires:
          - lmn
          - op_note
    checks: []

    """

  func edited(_ change: ProposedChange) throws -> String {
    var writer = PatchWriter(path: "acme.yaml", text: Self.playbook)
    try writer.apply(change)
    return writer.text
  }

  /// The lines that differ, as `-old` / `+new`.
  func changes(_ new: String) -> [String] {
    UnifiedDiff.make(path: "acme.yaml", old: Self.playbook, new: new).split(separator: "\n")
      .filter { ($0.hasPrefix("+") || $0.hasPrefix("-")) && !$0.hasPrefix("+++") && !$0.hasPrefix("---") }.map(String.init)
  }

  @Test func addRequiredToAFlowListChangesOneLine() throws {
    #expect(changes(try edited(.addRequired(reason: "knee", proof: "op_note"))) == ["-    requires: [lmn]", "+    requires: [lmn, op_note]"])
  }

  @Test func addAndRemoveInABlockList() throws {
    var writer = PatchWriter(path: "acme.yaml", text: Self.playbook)
    try writer.apply(.removeRequired(reason: "mri", proof: "op_note"))
    #expect(changes(writer.text) == ["-      - op_note"])
    try writer.apply(.addRequired(reason: "mri", proof: "prior_auth"))
    #expect(changes(writer.text) == ["-      - op_note", "+      - prior_auth"])
  }

  @Test func setActionAddsALineAfterTheTitle() throws {
    #expect(
      changes(try edited(.setAction(reason: "knee", action: "write_off", why: "Appeals never win: write off"))) == [
        "+    action: {type: write_off, reason: \"Appeals never win: write off\"}"
      ])
    let text = try edited(.setAction(reason: "knee", action: "write_off", why: "x"))
    #expect(text.contains("    title: Knee scope\n    action: {type: write_off, reason: x}\n    match:"))
  }

  @Test func preventAndDisableAndReview() throws {
    #expect(
      changes(try edited(.addPrevent(reason: "mri", requires: ["prior_auth"], severity: "error", message: "Get the approval first"))) == [
        "+    prevent: {requires: [prior_auth], severity: error, message: Get the approval first}"
      ])
    #expect(changes(try edited(.disableReason(reason: "knee"))) == ["+    enabled: false"])
    #expect(changes(try edited(.reviewSteps(reason: "knee", note: "appeals rarely win"))) == ["+    # REVIEW: appeals rarely win"])
  }

  @Test func shortenDeadlineKeepsTheTrailingComment() throws {
    #expect(
      changes(try edited(.shortenDeadline(level: "first", days: 150))) == [
        "-    deadline: {days: 180, from: remit_date}   # ERISA minimum",
        "+    deadline: {days: 150, from: remit_date}   # ERISA minimum",
      ])
  }

  @Test func addReasonAppendsAfterTheLastReason() throws {
    let text = try edited(.addReason(id: "co-97-20xxx", title: "Bundled injection", group: "CO", carc: "97", rarcs: ["M15"], procedures: ["20600-20611"]))
    #expect(text.contains("""
            - op_note
        - id: co-97-20xxx
          title: Bundled injection
          match: {group: [CO], carc: [97], rarc: [M15], procedures: [20600-20611]}
      """))
    #expect(text.hasSuffix("checks: []\n"))
    // Still a valid playbook.
    #expect(PatchWriter(path: "x", text: text).defines(reason: "co-97-20xxx"))
  }

  @Test func localizeCopiesAnInheritedReasonIntoThePayerFile() throws {
    let base = PatchWriter(path: "base/b.yaml", text: "denial_reasons:\n  - id: generic\n    title: Generic\n    match: {carc: [16]}\n    requires: [lmn]\n")
    var payer = PatchWriter(path: "p.yaml", text: "payer: {id: p, name: P}\nextends: base/b\n")
    try payer.localize(reason: "generic", from: base)
    try payer.apply(.addRequired(reason: "generic", proof: "op_note"))
    #expect(
      payer.text == """
        payer: {id: p, name: P}
        extends: base/b

        denial_reasons:
          # Copied from base/b.yaml to change it for this payer only.
          - id: generic
            title: Generic
            match: {carc: [16]}
            requires: [lmn, op_note]

        """)
  }

  @Test func revisionIsReplacedInPlace() throws {
    var writer = PatchWriter(path: "acme.yaml", text: Self.playbook)
    #expect(writer.revision() == "2026-06-01")
    try writer.setRevision("2026-12-03")
    #expect(changes(writer.text) == ["-revision: 2026-06-01", "+revision: 2026-12-03"])
  }

  @Test func unifiedDiffHasHeadersAndHunkRanges() {
    let diff = UnifiedDiff.make(path: "f.yaml", old: "a\nb\nc\nd\n", new: "a\nb\nC\nd\n")
    #expect(diff == "--- a/f.yaml\n+++ b/f.yaml\n@@ -1,5 +1,5 @@\n a\n b\n-c\n+C\n d\n \n")
    #expect(UnifiedDiff.make(path: "f", old: "x\n", new: "x\n") == "")
  }

  @Test func unknownReasonIsAClearError() {
    #expect(throws: PatchWriter.PatchError.self) { try edited(.disableReason(reason: "nope")) }
  }
}

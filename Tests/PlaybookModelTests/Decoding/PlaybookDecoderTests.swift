import Claims
import Foundation
import Testing

@testable import PlaybookModel

/// The YAML traps of the issue, checked through the whole decoder: what a value means is decided
/// by the field, never by YAML 1.1 typing.
@Suite struct PlaybookDecoderTests {
  static let header = """
    payer:
      id: traps
      name: Traps Payer
      identifiers: {payer_ids: [00100, "60054", 1E3]}
    proofs:
      lmn: {title: Letter}
    appeal_levels:
      - id: first
        title: First
        deadline: {days: 180, from: remit_date}
        minimum_amount: 1960.00

    """

  func decode(_ body: String) -> (Playbook?, [String]) {
    let (playbook, diagnostics) = PlaybookLibrary.decode(path: "t.yaml", text: Self.header + body, key: "traps")
    return (playbook, diagnostics.map { "\($0.code.id) \($0.message)" })
  }

  @Test func codesStayExactTextQuotedOrNot() throws {
    let (playbook, problems) = decode(
      """
      denial_reasons:
        - id: r
          title: R
          match: {carc: [16, '50'], rarc: [MA130], procedures: [00100, '29881', J1030], modifiers: [59, '25'], diagnoses: [M17.11, 'S83.2*'], place_of_service: [02, '11']}
          requires: [lmn]
      """)
    #expect(problems.isEmpty, "\(problems)")
    let p = try #require(playbook)
    #expect(p.payer?.payerIDs == ["00100", "60054", "1E3"])
    let m = try #require(p.denialReasons.first?.match)
    #expect(m.carcs == ["16", "50"])
    #expect(m.procedures?.map(\.text) == ["00100", "29881", "J1030"])
    #expect(m.procedures?.first?.matches("00100") == true)
    #expect(m.modifiers == ["59", "25"])
    #expect(m.placesOfService == ["02", "11"])
    #expect(m.diagnoses?.first?.matches("M1711") == true)
    #expect(p.appealLevels?.first?.minimumAmount == Decimal(string: "1960.00"))
  }

  @Test func booleansAreOnlyTrueOrFalse() {
    for word in ["yes", "no", "on", "off", "Y", "N", "True"] {
      let (_, problems) = decode(
        """
        denial_reasons:
          - id: r
            title: R
            match: {carc: [50]}
            requires: [lmn]
            enabled: \(word)
        """)
      #expect(problems.count == 1 && problems[0].hasPrefix("PB204 `enabled` must be `true` or `false`, not `\(word)`"), "\(word): \(problems)")
    }
    let (playbook, problems) = decode(
      """
      denial_reasons:
        - id: r
          title: R
          match: {carc: [50]}
          requires: [lmn]
          enabled: false
      """)
    #expect(problems.isEmpty)
    #expect(playbook?.denialReasons.first?.enabled == false)
  }

  @Test func mappingKeyNoIsTheTextNo() {
    // `no:` is the key "no", so it is reported as an unknown key named `no`, not `false`.
    let (_, problems) = decode("no: 1\n")
    #expect(problems == ["PB201 unknown key `no` in playbook"])
  }

  @Test func datesAreCalendarDatesWithoutTime() throws {
    for bad in ["2026-02-30", "2026-1-5", "2026-01-05T00:00:00Z", "2026-01-05 10:00", "20260105"] {
      let (_, problems) = decode(
        """
        denial_reasons:
          - id: r
            title: R
            match: {carc: [50]}
            requires: [lmn]
            effective: {from: \(bad)}
        """)
      #expect(problems.first?.hasPrefix("PB205") == true, "\(bad): \(problems)")
    }
    let (playbook, _) = decode(
      """
      denial_reasons:
        - id: r
          title: R
          match: {carc: [50]}
          requires: [lmn]
          effective: {from: 2024-02-29, until: 2026-12-31}
      """)
    #expect(playbook?.denialReasons.first?.effective?.from?.description == "2024-02-29")
  }

  @Test func moneyIsDecimalNotDouble() {
    #expect(Money.parse("0.1")! + Money.parse("0.2")! == Money.parse("0.3")!)
    #expect(Money.parse("200") == Decimal(200))
    for bad in ["$200", "1,960", "1e3", "12.345", "-5", "", "."] { #expect(Money.parse(bad) == nil, "\(bad)") }
  }

  @Test func actionShorthandAndLongForm() throws {
    let (playbook, problems) = decode(
      """
      denial_reasons:
        - id: a
          title: A
          match: {carc: [16], rarc: [MA130]}
          action: {type: correct_and_resubmit, reason: Unprocessable, fix: [Add the referring NPI]}
        - id: b
          title: B
          match: {carc: [29]}
          action: {type: write_off, reason: Late filing cannot be appealed}
      """)
    #expect(problems.isEmpty, "\(problems)")
    let reasons = try #require(playbook?.denialReasons)
    #expect(reasons[0].action.kind == .correctAndResubmit)
    #expect(reasons[0].action.fix == ["Add the referring NPI"])
    #expect(reasons[1].action.kind == .writeOff)
  }

  @Test func deadlinesKeepUnitCountStartAndReceiptDays() throws {
    let text = """
      payer: {id: d, name: D}
      appeal_levels:
        - {id: a, title: A, deadline: {days: 120, from: notice_date, receipt_days: 5}}
        - {id: b, title: B, deadline: {business_days: 30, from: previous_decision}}
        - {id: c, title: C, deadline: {months: 4, from: previous_decision}}
      """
    let (decoded, diagnostics) = PlaybookLibrary.decode(path: "d.yaml", text: text, key: "d")
    #expect(diagnostics.isEmpty)
    let levels = try #require(decoded?.appealLevels)
    #expect(levels.map(\.deadline) == [
      Deadline(unit: .days, count: 120, from: "notice_date", receiptDays: 5),
      Deadline(unit: .businessDays, count: 30, from: "previous_decision", receiptDays: 0),
      Deadline(unit: .months, count: 4, from: "previous_decision", receiptDays: 0),
    ])
  }
}

import Claims
import Evaluation
import Foundation
import Testing

@testable import OutcomeStore

/// The hand-written denial payload must be exactly what JSONEncoder (sorted keys) writes, and
/// must know every property of the types it writes.
@Suite struct PayloadJSONTests {
  func reference(_ d: DeniedClaim) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return String(decoding: try encoder.encode(d), as: UTF8.self)
  }

  static func full() -> DeniedClaim {
    var d = DeniedClaim(patientControlNumber: "PCN/1 \"quoted\" \\ back\tslash\u{01}\u{1F}\u{7F} é☃😀", billed: Decimal(string: "1234.56")!, paid: Decimal(string: "-0.01")!)
    d.payerName = "ACME HEALTH PLAN"
    d.payerID = "60054"
    d.planType = "commercial"
    d.filingIndicator = "12"
    d.payerClaimNumber = "PCC1234567890"
    d.serviceFrom = day("2026-10-05")
    d.serviceTo = day("2026-10-06")
    d.adjustments = [
      Adjustment(group: "CO", reason: "50", amount: Decimal(string: "100.00")!),
      Adjustment(group: "CO", reason: "45", amount: Decimal(string: "12.5")!, quantity: Decimal(string: "2")!),
    ]
    d.remarks = ["N115", "M15"]
    var line = DeniedLine(procedure: ProcedureCode(code: "29881", modifiers: ["RT", "59"]), billed: 1000, paid: 0, denied: true)
    line.submittedProcedure = ProcedureCode(qualifier: "AD", code: "29880")
    line.units = Decimal(string: "1.5")!
    line.serviceFrom = day("2026-10-05")
    line.adjustments = [Adjustment(group: "CO", reason: "50", amount: 1000)]
    line.remarks = ["N115"]
    line.lineControlNumber = "L1/29881\n"
    d.lines = [line, DeniedLine(procedure: ProcedureCode(code: "99213"), billed: Decimal(string: "0.10")!, paid: 0, denied: false)]
    d.partial = true
    d.remitDate = day("2026-11-01")
    d.noticeDate = day("2026-10-30")
    d.previousDecisionDate = day("2026-12-01")
    d.diagnoses = [DiagnosisCode("M17.11"), DiagnosisCode("E8490", system: .icd9)]
    d.placeOfService = "11"
    d.priorAuthorization = PriorAuthorization(number: "PA-1", expires: day("2027-01-01"), approvedProcedures: ["29881"], approvedUnits: 3)
    d.attachments = [Attachment(reportType: "OZ", transmissionCode: "EL", controlNumber: "AT/1"), Attachment(reportType: "09", transmissionCode: "FX")]
    d.proofsOnFile = ["conservative_care"]
    d.submissionDate = day("2026-10-07")
    d.linkedToClaim = true
    d.source = "bench-data/x.835: segment 12"
    return d
  }

  @Test func fullAndEmptyDenialsAreWrittenAsJSONEncoderWritesThem() throws {
    let full = Self.full()
    #expect(PayloadJSON.encode(full) == (try reference(full)))
    let empty = DeniedClaim(patientControlNumber: "")
    #expect(PayloadJSON.encode(empty) == (try reference(empty)))
    var emptyLists = full
    emptyLists.diagnoses = []
    emptyLists.priorAuthorization = PriorAuthorization(number: "")
    emptyLists.lines = []
    emptyLists.serviceTo?.year = 987
    emptyLists.remitDate?.year = 12345
    #expect(PayloadJSON.encode(emptyLists) == (try reference(emptyLists)))
  }

  @Test func everyCharacterIsEscapedAsJSONEncoderEscapesIt() throws {
    var text = ""
    for c in 0..<128 { text.unicodeScalars.append(Unicode.Scalar(UInt8(c))) }
    text += "\u{80}\u{A0}é\u{2028}\u{2029}\u{FEFF}☃😀"
    let d = DeniedClaim(patientControlNumber: text)
    #expect(PayloadJSON.encode(d) == (try reference(d)))
  }

  @Test func generatedDenialsMatchJSONEncoderAndDecodeBack() throws {
    var rng = SystemRandomNumberGenerator()
    let full = Self.full()
    for _ in 0..<300 {
      var d = full
      // Drop optionals and vary amounts at random.
      if Bool.random(using: &rng) { d.payerName = nil }
      if Bool.random(using: &rng) { d.payerClaimNumber = nil }
      if Bool.random(using: &rng) { d.diagnoses = nil }
      if Bool.random(using: &rng) { d.priorAuthorization = nil }
      if Bool.random(using: &rng) { d.serviceTo = nil }
      if Bool.random(using: &rng) { d.source = nil }
      if Bool.random(using: &rng) { d.lines.removeLast() }
      if Bool.random(using: &rng) { d.adjustments[1].quantity = nil }
      d.billed = Decimal(Int.random(in: -1_000_000...1_000_000, using: &rng)) / 100
      d.paid = Decimal(Int.random(in: 0...1_000, using: &rng)) / 10
      let text = PayloadJSON.encode(d)
      #expect(text == (try reference(d)))
      #expect(try JSONDecoder().decode(DeniedClaim.self, from: Data(text.utf8)) == d)
    }
  }

  @Test func decimalsAreWrittenAsTheirDescription() {
    var values: [Decimal] = ["0", "0.00", "-0.01", "100.00", "1e3", "12.5", "0.10", "123456789012345678901234567890", "-99999999999999999999",
      "0.000000000000000000000000001", "1e-40", "5e20", "5e25"].map { Decimal(string: $0)! }
    values += [Decimal(sign: .plus, exponent: -2, significand: 10000), Decimal(sign: .minus, exponent: -3, significand: 10000), Decimal.nan]
    values += [Decimal(Int64.max), Decimal(Int64.min), Decimal(UInt64.max)]
    var rng = SystemRandomNumberGenerator()
    for _ in 0..<20_000 {
      let m = Int64.random(in: -10_000_000_000...10_000_000_000, using: &rng)
      values.append(Decimal(sign: m < 0 ? .minus : .plus, exponent: Int.random(in: -6...4, using: &rng), significand: Decimal(m.magnitude)))
      values.append(Decimal(m) / 100)
      values.append(Decimal(m) * Decimal(string: "0.37")!)
    }
    for d in values {
      var w = PayloadJSON()
      w.decimal(d)
      #expect(String(decoding: w.bytes, as: UTF8.self) == d.description)
    }
  }

  /// A property added to one of these types must be written by PayloadJSON too.
  @Test func payloadWriterKnowsEveryProperty() {
    func labels(_ value: Any) -> [String] { Mirror(reflecting: value).children.compactMap(\.label) }
    let full = Self.full()
    let line = full.lines[0]
    let known = PayloadJSON.knownProperties
    #expect(Set(labels(full)) == Set(known["DeniedClaim"]!))
    #expect(Set(labels(line)) == Set(known["DeniedLine"]!))
    #expect(Set(labels(full.adjustments[0])) == Set(known["Adjustment"]!))
    #expect(Set(labels(line.procedure)) == Set(known["ProcedureCode"]!))
    #expect(Set(labels(full.diagnoses![0])) == Set(known["DiagnosisCode"]!))
    #expect(Set(labels(full.priorAuthorization!)) == Set(known["PriorAuthorization"]!))
    #expect(Set(labels(full.attachments[0])) == Set(known["Attachment"]!))
  }
}

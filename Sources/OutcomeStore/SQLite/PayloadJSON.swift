import Claims
import Evaluation
import Foundation

/// The denial payload written by hand: byte for byte what `JSONEncoder` with `.sortedKeys`
/// writes for a ``DeniedClaim`` (keys in UTF-8 byte order, optionals left out when nil, decimals
/// as `Decimal.description`, `/` escaped as `\/`, control characters as `\b \t \n \f \r` or
/// `\u00xx`, other characters as they are), about twenty times faster. Ingest writes one per
/// denial, and JSONEncoder was most of the cost of storing a million-claim remittance.
///
/// `PayloadJSONTests` checks the output against JSONEncoder and that the properties written
/// here are all the properties the types have: a property added to ``DeniedClaim`` or to a type
/// inside it must be added here too.
struct PayloadJSON {
  private(set) var bytes: [UInt8] = []

  init() { bytes.reserveCapacity(1024) }

  static let hex: [UInt8] = Array("0123456789abcdef".utf8)

  static func encode(_ d: DeniedClaim) -> String {
    var w = PayloadJSON()
    w.claim(d)
    return String(decoding: w.bytes, as: UTF8.self)
  }

  // MARK: Values

  mutating func raw(_ s: StaticString) {
    s.withUTF8Buffer { bytes.append(contentsOf: $0) }
  }

  /// A key with its quote marks and colon, after a comma unless it is the object's first.
  mutating func key(_ s: StaticString, first: inout Bool) {
    if !first { bytes.append(UInt8(ascii: ",")) }
    first = false
    bytes.append(UInt8(ascii: "\""))
    raw(s)
    bytes.append(UInt8(ascii: "\""))
    bytes.append(UInt8(ascii: ":"))
  }

  mutating func string(_ s: String) {
    bytes.append(UInt8(ascii: "\""))
    var s = s
    s.withUTF8 { utf8 in
      var start = 0
      for (i, c) in utf8.enumerated() where c < 0x20 || c == UInt8(ascii: "\"") || c == UInt8(ascii: "\\") || c == UInt8(ascii: "/") {
        if start < i { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<i])) }
        start = i + 1
        bytes.append(UInt8(ascii: "\\"))
        switch c {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): bytes.append(c)
        case 0x08: bytes.append(UInt8(ascii: "b"))
        case 0x09: bytes.append(UInt8(ascii: "t"))
        case 0x0A: bytes.append(UInt8(ascii: "n"))
        case 0x0C: bytes.append(UInt8(ascii: "f"))
        case 0x0D: bytes.append(UInt8(ascii: "r"))
        default:
          bytes.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), Self.hex[Int(c >> 4)], Self.hex[Int(c & 0xF)]])
        }
      }
      if start < utf8.count { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...])) }
    }
    bytes.append(UInt8(ascii: "\""))
  }

  mutating func decimal(_ d: Decimal) {
    bytes.append(contentsOf: (Self.decimalText(d) ?? d.description).utf8)
  }

  /// `Decimal.description` for the usual case, a significand that fits in 64 bits: its digits
  /// with the point placed by the exponent (about thirty times faster than `description`,
  /// which divides the significand by ten digit by digit). Nil otherwise (NaN, huge values).
  static func decimalText(_ d: Decimal) -> String? {
    if d.isNaN { return nil }
    let e = d.exponent
    guard e >= -30, e <= 20 else { return nil }
    let significand = d.significand
    let m = NSDecimalNumber(decimal: significand).int64Value
    guard m >= 0, Decimal(m) == significand else { return nil }
    if m == 0 { return "0" }
    var digits = String(m)
    if e > 0 {
      digits += String(repeating: "0", count: e)
    } else if e < 0 {
      let n = -e
      if digits.utf8.count <= n {
        digits = "0." + String(repeating: "0", count: n - digits.utf8.count) + digits
      } else {
        digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -n))
      }
    }
    return d.isSignMinus ? "-" + digits : digits
  }

  mutating func bool(_ b: Bool) {
    if b { raw("true") } else { raw("false") }
  }

  /// `"YYYY-MM-DD"`, as `CalendarDate.description` writes it (which pads through Strings).
  mutating func date(_ d: CalendarDate) {
    guard (1000...9999).contains(d.year), (1...99).contains(d.month), (1...99).contains(d.day) else {
      string(d.description)
      return
    }
    let zero = UInt8(ascii: "0")
    let y = d.year
    bytes.append(contentsOf: [
      UInt8(ascii: "\""), zero + UInt8(y / 1000), zero + UInt8(y / 100 % 10), zero + UInt8(y / 10 % 10), zero + UInt8(y % 10),
      UInt8(ascii: "-"), zero + UInt8(d.month / 10), zero + UInt8(d.month % 10),
      UInt8(ascii: "-"), zero + UInt8(d.day / 10), zero + UInt8(d.day % 10), UInt8(ascii: "\""),
    ])
  }

  mutating func strings(_ list: [String]) {
    bytes.append(UInt8(ascii: "["))
    for (i, s) in list.enumerated() {
      if i > 0 { bytes.append(UInt8(ascii: ",")) }
      string(s)
    }
    bytes.append(UInt8(ascii: "]"))
  }

  mutating func list<T>(_ list: [T], _ write: (inout PayloadJSON, T) -> Void) {
    bytes.append(UInt8(ascii: "["))
    for (i, element) in list.enumerated() {
      if i > 0 { bytes.append(UInt8(ascii: ",")) }
      write(&self, element)
    }
    bytes.append(UInt8(ascii: "]"))
  }

  // MARK: Types (keys in UTF-8 byte order, as .sortedKeys writes them)

  mutating func claim(_ d: DeniedClaim) {
    var first = true
    bytes.append(UInt8(ascii: "{"))
    key("adjustments", first: &first)
    list(d.adjustments) { $0.adjustment($1) }
    key("attachments", first: &first)
    list(d.attachments) { $0.attachment($1) }
    key("billed", first: &first)
    decimal(d.billed)
    if let v = d.diagnoses {
      key("diagnoses", first: &first)
      list(v) { $0.diagnosis($1) }
    }
    if let v = d.filingIndicator {
      key("filing_indicator", first: &first)
      string(v)
    }
    key("lines", first: &first)
    list(d.lines) { $0.line($1) }
    key("linked_to_claim", first: &first)
    bool(d.linkedToClaim)
    if let v = d.noticeDate {
      key("notice_date", first: &first)
      date(v)
    }
    key("paid", first: &first)
    decimal(d.paid)
    key("partial", first: &first)
    bool(d.partial)
    key("patient_control_number", first: &first)
    string(d.patientControlNumber)
    if let v = d.payerClaimNumber {
      key("payer_claim_number", first: &first)
      string(v)
    }
    if let v = d.payerID {
      key("payer_id", first: &first)
      string(v)
    }
    if let v = d.payerName {
      key("payer_name", first: &first)
      string(v)
    }
    if let v = d.placeOfService {
      key("place_of_service", first: &first)
      string(v)
    }
    if let v = d.planType {
      key("plan_type", first: &first)
      string(v)
    }
    if let v = d.previousDecisionDate {
      key("previous_decision_date", first: &first)
      date(v)
    }
    if let v = d.priorAuthorization {
      key("prior_authorization", first: &first)
      priorAuthorization(v)
    }
    key("proofs_on_file", first: &first)
    strings(d.proofsOnFile)
    key("remarks", first: &first)
    strings(d.remarks)
    if let v = d.remitDate {
      key("remit_date", first: &first)
      date(v)
    }
    if let v = d.serviceFrom {
      key("service_from", first: &first)
      date(v)
    }
    if let v = d.serviceTo {
      key("service_to", first: &first)
      date(v)
    }
    if let v = d.source {
      key("source", first: &first)
      string(v)
    }
    if let v = d.submissionDate {
      key("submission_date", first: &first)
      date(v)
    }
    bytes.append(UInt8(ascii: "}"))
  }

  mutating func line(_ l: DeniedLine) {
    var first = true
    bytes.append(UInt8(ascii: "{"))
    key("adjustments", first: &first)
    list(l.adjustments) { $0.adjustment($1) }
    key("billed", first: &first)
    decimal(l.billed)
    key("denied", first: &first)
    bool(l.denied)
    if let v = l.lineControlNumber {
      key("line_control_number", first: &first)
      string(v)
    }
    key("paid", first: &first)
    decimal(l.paid)
    key("procedure", first: &first)
    procedure(l.procedure)
    key("remarks", first: &first)
    strings(l.remarks)
    if let v = l.serviceFrom {
      key("service_from", first: &first)
      date(v)
    }
    if let v = l.submittedProcedure {
      key("submitted_procedure", first: &first)
      procedure(v)
    }
    if let v = l.units {
      key("units", first: &first)
      decimal(v)
    }
    bytes.append(UInt8(ascii: "}"))
  }

  mutating func adjustment(_ a: Adjustment) {
    var first = true
    bytes.append(UInt8(ascii: "{"))
    key("amount", first: &first)
    decimal(a.amount)
    key("group", first: &first)
    string(a.group)
    if let v = a.quantity {
      key("quantity", first: &first)
      decimal(v)
    }
    key("reason", first: &first)
    string(a.reason)
    bytes.append(UInt8(ascii: "}"))
  }

  mutating func procedure(_ p: ProcedureCode) {
    var first = true
    bytes.append(UInt8(ascii: "{"))
    key("code", first: &first)
    string(p.code)
    key("modifiers", first: &first)
    strings(p.modifiers)
    key("qualifier", first: &first)
    string(p.qualifier)
    bytes.append(UInt8(ascii: "}"))
  }

  mutating func diagnosis(_ d: DiagnosisCode) {
    if d.system == .icd10 {
      string(d.code)
      return
    }
    var first = true
    bytes.append(UInt8(ascii: "{"))
    key("code", first: &first)
    string(d.code)
    key("system", first: &first)
    string(d.system.rawValue)
    bytes.append(UInt8(ascii: "}"))
  }

  mutating func priorAuthorization(_ p: PriorAuthorization) {
    var first = true
    bytes.append(UInt8(ascii: "{"))
    if let v = p.approvedProcedures {
      key("approved_procedures", first: &first)
      strings(v)
    }
    if let v = p.approvedUnits {
      key("approved_units", first: &first)
      decimal(v)
    }
    if let v = p.expires {
      key("expires", first: &first)
      date(v)
    }
    key("number", first: &first)
    string(p.number)
    bytes.append(UInt8(ascii: "}"))
  }

  mutating func attachment(_ a: Attachment) {
    var first = true
    bytes.append(UInt8(ascii: "{"))
    if let v = a.controlNumber {
      key("control_number", first: &first)
      string(v)
    }
    key("report_type", first: &first)
    string(a.reportType)
    key("transmission_code", first: &first)
    string(a.transmissionCode)
    bytes.append(UInt8(ascii: "}"))
  }

  /// The stored properties each type has, as this writer knows them (for the drift test).
  static let knownProperties: [String: [String]] = [
    "DeniedClaim": [
      "payerName", "payerID", "planType", "filingIndicator", "patientControlNumber", "payerClaimNumber", "serviceFrom",
      "serviceTo", "billed", "paid", "adjustments", "remarks", "lines", "partial", "remitDate", "noticeDate",
      "previousDecisionDate", "diagnoses", "placeOfService", "priorAuthorization", "attachments", "proofsOnFile",
      "submissionDate", "linkedToClaim", "source",
    ],
    "DeniedLine": [
      "procedure", "submittedProcedure", "billed", "paid", "units", "serviceFrom", "adjustments", "remarks", "denied",
      "lineControlNumber",
    ],
    "Adjustment": ["group", "reason", "amount", "quantity"],
    "ProcedureCode": ["qualifier", "code", "modifiers"],
    "DiagnosisCode": ["code", "system"],
    "PriorAuthorization": ["number", "expires", "approvedProcedures", "approvedUnits"],
    "Attachment": ["reportType", "transmissionCode", "controlNumber"],
  ]
}

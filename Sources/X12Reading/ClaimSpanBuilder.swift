import Claims
import Foundation

extension RemittanceMapper {
  /// Builds the claim of a span in one pass over its segments, giving exactly the
  /// ``ClaimPayment`` that feeding the segments to ``consume(_:)`` and then ``finishClaim()``
  /// gives, denial rule applied, for a claim **with nothing to report**: the caller (the denial
  /// scanner's lane) has checked every number, date, code and balance first. Because nothing
  /// can go wrong, the builder reports nothing and skips the per-segment state machine.
  ///
  /// The differential tests in `DenialScannerTests` hold it to the mapper, field for field.
  mutating func buildClean(_ span: ClaimSpan, lines lineCount: Int, mayBeDenied: Bool)
    -> ClaimPayment
  {
    let s = span[0]
    var c = ClaimPayment(
      patientControlNumber: s[1].string, status: code(s[2]), billed: Self.value(s[3]) ?? 0,
      paid: Self.value(s[4]) ?? 0, segmentNumber: s.number)
    c.patientResponsibility = Self.value(s[5])
    claimCodes(s, into: &c)

    var lines: [ServicePayment] = []
    lines.reserveCapacity(lineCount)
    var inLine = false
    // The line being read. Its arrays, and the claim's, are given their capacity before the
    // first element (counted ahead in the span): appending one by one would grow them again.
    var line = ServicePayment(procedure: ProcedureCode(code: ""), billed: 0, paid: 0)
    var lineAdjustments: [Adjustment] = []
    var lineReferences: [Reference] = []
    var lineRemarks: [String] = []
    var lineAmounts: [QualifiedAmount] = []
    var room = Self.room(span, from: 1)
    c.adjustments.reserveCapacity(room.adjustments)
    c.references.reserveCapacity(room.references)
    c.remarks.reserveCapacity(room.remarks)
    c.amounts.reserveCapacity(room.amounts)

    var k = 1
    while k < span.count {
      let s = span[k]
      k += 1
      switch s.id {
      case Self.SVC:
        if inLine {
          line.adjustments = lineAdjustments
          line.references = lineReferences
          line.remarks = lineRemarks
          line.amounts = lineAmounts
          lines.append(line)
        }
        room = Self.room(span, from: k)
        lineAdjustments = []
        lineAdjustments.reserveCapacity(room.adjustments)
        lineReferences = []
        lineReferences.reserveCapacity(room.references)
        lineRemarks = []
        lineRemarks.reserveCapacity(room.remarks)
        lineAmounts = []
        lineAmounts.reserveCapacity(room.amounts)
        inLine = true
        line = ServicePayment(
          procedure: procedureCode(s, 1), billed: Self.value(s[2]) ?? 0,
          paid: Self.value(s[3]) ?? 0,
          segmentNumber: s.number)
        line.revenueCode = optionalCode(s[4])
        line.units = Self.value(s[5])
        if !s[6].isEmpty { line.submittedProcedure = procedureCode(s, 6) }
        line.submittedUnits = Self.value(s[7])
      case Self.CAS:
        let group = code(s[1])
        var t = 2
        while t + 1 <= max(s.count, 3), t <= 17 {
          let reason = s[t]
          if !reason.isEmpty {
            let a = Adjustment(
              group: group, reason: code(reason), amount: Self.value(s[t + 1]) ?? 0,
              quantity: Self.value(s[t + 2]))
            if inLine { lineAdjustments.append(a) } else { c.adjustments.append(a) }
          }
          t += 3
        }
      case Self.LQ:
        // The lane only sends LQ*HE / LQ*RX inside a line here.
        lineRemarks.append(code(s[2]))
      case Self.DTM:
        let e = s[2]
        guard !e.isEmpty, let d = e.date else { break }
        let q = s[1]
        if inLine {
          if q.equals("472") || q.equals("150") {
            line.serviceFrom = d
            if q.equals("472") { line.serviceTo = d }
          } else if q.equals("151") {
            line.serviceTo = d
          }
        } else if q.equals("232") {
          c.statementFrom = d
        } else if q.equals("233") {
          c.statementTo = d
        } else if q.equals("050") {
          c.received = d
        } else if q.equals("036") {
          c.coverageExpiration = d
        }
      case Self.REF:
        if inLine {
          if s[1].equals("6R") {
            line.lineControlNumber = s[2].nonEmptyString
          } else {
            lineReferences.append(Reference(qualifier: code(s[1]), value: s[2].string))
          }
        } else {
          c.references.append(Reference(qualifier: code(s[1]), value: s[2].string))
        }
      case Self.AMT:
        guard let amount = Self.value(s[2]) else { break }
        let a = QualifiedAmount(qualifier: code(s[1]), amount: amount)
        if inLine { lineAmounts.append(a) } else { c.amounts.append(a) }
      case Self.NM1:
        let kind = s[1].code2
        guard kind == 0x5143 || kind == 0x494C || kind == 0x3832 else { break }
        let person = PersonName(
          last: s[3].nonEmptyString, first: s[4].nonEmptyString, middle: s[5].nonEmptyString,
          idQualifier: optionalCode(s[8]), id: s[9].nonEmptyString)
        if kind == 0x5143 {
          c.patient = person
        } else if kind == 0x494C {
          c.insured = person
        } else {
          c.renderingProvider = person
        }
      case Self.MIA:
        guard !inLine else { break }
        for k in [5, 20, 21, 22, 23] where !s[k].isEmpty { c.remarks.append(code(s[k])) }
      case Self.MOA:
        guard !inLine else { break }
        for k in 3...7 where !s[k].isEmpty { c.remarks.append(code(s[k])) }
      default:
        break
      }
    }
    if inLine {
      line.adjustments = lineAdjustments
      line.references = lineReferences
      line.remarks = lineRemarks
      line.amounts = lineAmounts
      lines.append(line)
    }
    // Moved, not shared: the denial rule then changes the lines in place instead of copying them.
    swap(&c.lines, &lines)
    if mayBeDenied {
      let codes = self.codes
      let rule = options.denialRule
      rule.apply(to: &c) { RemittanceMapper.isDenialReason($0, codes, rule) }
    }
    return c
  }

  /// At most how many adjustments, references, remarks and amounts the segments from `start`
  /// up to the next SVC add (an upper bound: a CAS counts all its triplets).
  static func room(_ span: ClaimSpan, from start: Int) -> (
    adjustments: Int, references: Int, remarks: Int, amounts: Int
  ) {
    var room = (adjustments: 0, references: 0, remarks: 0, amounts: 0)
    var k = start
    while k < span.count {
      let r = span.records[k]
      switch r.id {
      case Self.SVC: return room
      case Self.CAS: room.adjustments += (Int(r.count) + 1) / 3
      case Self.REF: room.references += 1
      case Self.LQ: room.remarks += 1
      case Self.MIA: room.remarks += 5
      case Self.MOA: room.remarks += 5
      case Self.AMT: room.amounts += 1
      default: break
      }
      k += 1
    }
    return room
  }

  /// A number the lane has checked: its value, nil when empty.
  @inline(__always) static func value(_ e: X12Element) -> Decimal? {
    if case .value(let d, _) = NumberParse.parse(e.bytes) { return d }
    return nil
  }

  /// What ``finishClaim()`` does with a finished claim in the denial path, for a claim built by
  /// ``buildClean(_:lines:mayBeDenied:)``.
  mutating func deliver(_ c: ClaimPayment) {
    if header == nil, let r = remittance { header = HeaderBox(r) }
    if let header, let onClaim, !onlyDenials || forceSurface || c.denial != nil {
      onClaim(c, header.value)
    }
    loop = .header
  }
}

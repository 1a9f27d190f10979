import Claims

/// How a remittance service line was matched to a submitted line.
public enum LineMatchMethod: String, Sendable, Codable {
  /// REF*6R on the remittance line equals the submitted line's control number.
  case lineControlNumber = "line_control_number"
  /// Same procedure code and the same modifiers (in any order).
  case codeAndModifiers = "code_and_modifiers"
  /// Same procedure code; the payer dropped or changed modifiers.
  case code
}

/// A remittance line and the submitted line it answers.
public struct LineMatch: Sendable, Equatable {
  /// Index into ``ClaimPayment/lines``.
  public var remittanceLine: Int
  /// Index into ``Case/lines``, nil when nothing matched.
  public var caseLine: Int?
  /// How it matched, nil when nothing did.
  public var method: LineMatchMethod?
}

/// Pairs the service lines of a remittance claim with the lines of the submitted case.
///
/// Three passes, each only over lines not yet paired: REF*6R line control number first; then
/// procedure code with the same set of modifiers; then procedure code alone (payers drop
/// modifiers). When the payer changed the code (SVC06), the submitted code is used. Each
/// submitted line answers at most one remittance line.
public enum LineMatcher {
  /// The matches, one per remittance line, in remittance order.
  public static func match(_ claim: ClaimPayment, to submitted: Case) -> [LineMatch] {
    var result = claim.lines.indices.map { LineMatch(remittanceLine: $0, caseLine: nil, method: nil) }
    var used = Set<Int>()
    func billed(_ line: ServicePayment) -> ProcedureCode { line.submittedProcedure ?? line.procedure }

    for (i, line) in claim.lines.enumerated() {
      guard let number = line.lineControlNumber,
        let j = submitted.lines.indices.first(where: { !used.contains($0) && submitted.lines[$0].lineControlNumber == number })
      else { continue }
      used.insert(j)
      result[i] = LineMatch(remittanceLine: i, caseLine: j, method: .lineControlNumber)
    }
    for (i, line) in claim.lines.enumerated() where result[i].caseLine == nil {
      let code = billed(line)
      guard
        let j = submitted.lines.indices.first(where: {
          !used.contains($0) && submitted.lines[$0].procedure.code == code.code
            && Set(submitted.lines[$0].procedure.modifiers) == Set(code.modifiers)
        })
      else { continue }
      used.insert(j)
      result[i] = LineMatch(remittanceLine: i, caseLine: j, method: .codeAndModifiers)
    }
    for (i, line) in claim.lines.enumerated() where result[i].caseLine == nil {
      let code = billed(line)
      guard
        let j = submitted.lines.indices.first(where: { !used.contains($0) && submitted.lines[$0].procedure.code == code.code })
      else { continue }
      used.insert(j)
      result[i] = LineMatch(remittanceLine: i, caseLine: j, method: .code)
    }
    return result
  }
}

import Claims
import Diagnostics
import Foundation

/// `payerbook lint --analyze`: reasons that can never be the answer.
///
/// - A reason is **shadowed** when another reason of the same playbook matches every denial it
///   matches and ranks before it (more constrained fields, or as many and narrower codes, or
///   the same and written earlier): it can never be the checklist's reason.
/// - A reason **never matches** when its own conditions contradict each other (every modifier
///   it asks for is also in `modifiers_absent`).
public enum PlaybookAnalyzer {
  /// Analysis warnings for every payer playbook's own reasons (inherited ones are analyzed
  /// with the playbook that defines them, when it is a payer playbook, or through each payer).
  public static func analyze(_ library: PlaybookLibrary) -> [Diagnostic] {
    var out: [Diagnostic] = []
    var reported = Set<String>()
    for playbook in library.resolved {
      let reasons = playbook.denialReasons.filter(\.enabled)
      for (i, a) in reasons.enumerated() {
        let key = "\(a.span.file.path):\(a.span.start.offset)"
        if let why = contradiction(a.match) {
          if reported.insert(key + "c").inserted {
            out.append(
              Diagnostic(.neverMatches, "reason `\(a.id)` can never match: \(why)", at: a.match.span ?? a.span,
                         help: "remove one of the two conditions"))
          }
          continue
        }
        for (j, b) in reasons.enumerated() where i != j {
          guard contains(b, a), ranksBefore(b, j, a, i) else { continue }
          if reported.insert(key + "s").inserted {
            out.append(
              Diagnostic(.shadowedReason, "reason `\(a.id)` is never the best match in `\(playbook.playbook.key)`: `\(b.id)` matches every denial it matches and ranks first",
                         at: a.span,
                         help: "make `\(a.id)` more specific than `\(b.id)`, or remove one of them",
                         notes: [Diagnostic.Note("`\(b.id)` is here", at: b.span)]))
          }
          break
        }
      }
    }
    return out
  }

  static func ranksBefore(_ b: DenialReason, _ bi: Int, _ a: DenialReason, _ ai: Int) -> Bool {
    let sb = b.match.specificity(effective: b.effective)
    let sa = a.match.specificity(effective: a.effective)
    if sb.fields != sa.fields { return sb.fields > sa.fields }
    if sb.breadth != sa.breadth { return sb.breadth < sa.breadth }
    return bi < ai
  }

  /// Whether reason `b` matches every denial `a` matches.
  static func contains(_ b: DenialReason, _ a: DenialReason) -> Bool {
    let mb = b.match
    let ma = a.match
    func subset(_ x: [String]?, _ y: [String]?) -> Bool {
      guard let y else { return true }
      guard let x else { return false }
      return Set(x).isSubset(of: Set(y))
    }
    func patternsWithin(_ x: [CodePattern]?, _ y: [CodePattern]?) -> Bool {
      guard let y else { return true }
      guard let x else { return false }
      return x.allSatisfy { p in y.contains { within(p, $0) } }
    }
    guard subset(ma.groups, mb.groups), subset(ma.carcs, mb.carcs), subset(ma.rarcs, mb.rarcs),
      subset(ma.modifiers, mb.modifiers), subset(ma.placesOfService, mb.placesOfService),
      subset(ma.planTypes, mb.planTypes), patternsWithin(ma.procedures, mb.procedures),
      patternsWithin(ma.diagnoses, mb.diagnoses)
    else { return false }
    if let absent = mb.modifiersAbsent {
      guard let mine = ma.modifiersAbsent, Set(absent).isSubset(of: Set(mine)) else { return false }
    }
    if let all = mb.proceduresAll {
      guard let mine = ma.proceduresAll, all.allSatisfy({ q in mine.contains { within($0, q) } }) else { return false }
    }
    if let over = mb.billedOver {
      guard let mine = ma.billedOver, mine >= over else { return false }
    }
    if let eb = b.effective {
      guard let ea = a.effective else { return false }
      if let from = eb.from { guard let f = ea.from, f >= from else { return false } }
      if let until = eb.until { guard let u = ea.until, u <= until else { return false } }
    }
    return true
  }

  /// Whether every code of pattern `p` is in pattern `q`.
  static func within(_ p: CodePattern, _ q: CodePattern) -> Bool {
    switch (p.form, q.form) {
    case (.exact(let x), _): return q.matches(normalized: x)
    case (.range(let l, let h), .range(let ql, let qh)):
      return l.count == ql.count && ql <= l && h <= qh && CodePattern.sameLetterLayout(l, ql)
    case (.range(let l, let h), .prefix(let qp)): return l.hasPrefix(qp) && h.hasPrefix(qp)
    case (.prefix(let pp), .prefix(let qp)): return pp.hasPrefix(qp)
    default: return false
    }
  }

  /// Why a condition can never hold, or nil.
  static func contradiction(_ m: MatchCondition) -> String? {
    if let wanted = m.modifiers, let absent = m.modifiersAbsent, Set(wanted).isSubset(of: Set(absent)) {
      return "every modifier in `modifiers` (\(wanted.joined(separator: ", "))) is also in `modifiers_absent`"
    }
    return nil
  }

}

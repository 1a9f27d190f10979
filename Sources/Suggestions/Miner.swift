import Claims
import Evaluation
import CodeSets
import Foundation

/// Mines denial evidence for playbook revisions. Pure: no I/O, deterministic for its input.
///
/// How each kind is found, and why the thresholds in ``MiningOptions`` are what they are, is
/// written in docs/suggestions.md. In short:
///
/// - One observation per denial for outcome rates: its first appeal that got a decision on the
///   merits (an outcome that is not `withdrawn` and not untimely). Later levels of the same
///   denial are not independent of the first and are left out. The i-th outcome decides the i-th
///   appeal.
/// - Proof effects: Fisher's exact test (two-sided) with Bonferroni correction over every
///   (payer, reason, proof) pair tested; a proof without effect needs a tight one-sided Newcombe
///   bound, not just a large p-value.
/// - Rates: Wilson score intervals.
public struct Miner: Sendable {
  /// The thresholds.
  public var options: MiningOptions

  /// Creates a miner.
  public init(options: MiningOptions = MiningOptions()) {
    self.options = options
  }

  /// Every suggestion the evidence supports, strongest first (ties by id).
  public func suggestions(from evidence: [DenialEvidence], playbooks: PlaybookFacts, today: CalendarDate) -> [Suggestion] {
    let denials = evidence.filter { e in
      guard let since = options.since else { return true }
      guard let d = e.remitDate else { return true }
      return d >= since
    }
    var out: [Suggestion] = []
    out += uncovered(denials, playbooks)
    out += proofs(denials, playbooks)
    out += lowYield(denials, playbooks)
    out += late(denials, playbooks)
    out += prevention(denials, playbooks, today: today)
    out += stale(denials, playbooks, today: today)
    return out.sorted { $0.strength != $1.strength ? $0.strength > $1.strength : $0.id < $1.id }
  }

  // MARK: - Shared

  /// A denial's first appeal decided on the merits.
  struct Decided {
    var denial: DenialEvidence
    var proofs: Set<String>
    var won: Bool
  }

  static func firstDecided(_ e: DenialEvidence) -> Decided? {
    for (i, appeal) in e.appeals.enumerated() where i < e.outcomes.count {
      let o = e.outcomes[i]
      if o.result == "withdrawn" || o.untimely { continue }
      return Decided(denial: e, proofs: Set(appeal.proofs), won: o.won)
    }
    return nil
  }

  func examples(_ list: [DenialEvidence]) -> [String] {
    let sorted = list.sorted { a, b in
      let da = a.remitDate?.dayNumber ?? Int.min, db = b.remitDate?.dayNumber ?? Int.min
      return da != db ? da > db : a.id > b.id
    }
    var seen = Set<String>()
    var out: [String] = []
    for e in sorted where seen.insert(e.claimRef).inserted {
      out.append(e.claimRef)
      if out.count == options.maxExamples { break }
    }
    return out
  }

  static func rate(_ k: Int, _ n: Int) -> Double { n == 0 ? 0 : Double(k) / Double(n) }
  static func pct(_ x: Double) -> String { "\(Int((x * 100).rounded()))%" }
  static func round4(_ x: Double) -> Double { (x * 10000).rounded() / 10000 }

  /// `-log10(p)`, capped so that a p-value of 0 still orders.
  static func strength(p: Double) -> Double { p <= 1e-300 ? 300 : -log10(p) }

  // MARK: - Uncovered denials

  /// The procedure family: the first 3 characters of a CPT code, the letter and first 2 digits
  /// of a HCPCS code; other codes keep their first 3 characters. Modifiers are dropped.
  static func family(_ procedure: String?) -> String? {
    guard let p = procedure else { return nil }
    let code = String(p.uppercased().prefix { $0 != "-" && $0 != ":" && $0 != " " })
    guard code.count >= 3 else { return code.isEmpty ? nil : code }
    return String(code.prefix(3))
  }

  /// A pattern covering a family: `29800-29899` for CPT, `J1200-J1299` for HCPCS, else `ABC*`.
  static func familyPattern(_ family: String) -> String {
    let chars = Array(family)
    if chars.count == 3, chars.allSatisfy(\.isNumber) { return "\(family)00-\(family)99" }
    if chars.count == 3, chars[0].isLetter, chars[1].isNumber, chars[2].isNumber { return "\(family)00-\(family)99" }
    return "\(family)*"
  }

  func uncovered(_ denials: [DenialEvidence], _ facts: PlaybookFacts) -> [Suggestion] {
    struct Key: Hashable { var payer: String, adjustment: String, rarcs: [String], family: String? }
    var groups: [Key: [DenialEvidence]] = [:]
    for e in denials where e.reasonID == nil {
      guard let adj = e.adjustments.first?.uppercased() else { continue }
      let key = Key(payer: e.payer, adjustment: adj, rarcs: Set(e.remarks.map { $0.uppercased() }).sorted(), family: Miner.family(e.procedure))
      groups[key, default: []].append(e)
    }
    var out: [Suggestion] = []
    for (key, list) in groups {
      let claims = Set(list.map(\.claimRef)).count
      guard claims >= options.minSupport else { continue }
      let parts = key.adjustment.split(separator: "-", maxSplits: 1).map(String.init)
      let group = parts.count == 2 ? parts[0] : "CO"
      let carc = parts.count == 2 ? parts[1] : key.adjustment
      let existing = Set(facts.payers[key.payer]?.reasons.map(\.id) ?? [])
      var base = "\(group)-\(carc)".lowercased()
      if let r = key.rarcs.first { base += "-\(r.lowercased())" }
      if let f = key.family { base += "-\(f.lowercased())" }
      var id = base
      var n = 2
      while existing.contains(id) {
        id = "\(base)-\(n)"
        n += 1
      }
      let procedures = key.family.map { [Miner.familyPattern($0)] } ?? []
      let codes = ([key.adjustment] + key.rarcs).joined(separator: " ")
      let on = key.family.map { " on \(Miner.familyPattern($0))" } ?? ""
      let dollars = list.reduce(Decimal(0)) { $0 + $1.denied }
      let evidence = SuggestionEvidence(
        counts: ["denials": list.count, "claims": claims], rates: ["denied_dollars": NSDecimalNumber(decimal: dollars).doubleValue],
        examples: examples(list),
        summary: "\(claims) claims denied \(codes)\(on) with no playbook reason")
      out.append(
        Suggestion(
          kind: .uncoveredDenials, payer: key.payer, subject: id, title: "New denial reason for \(codes)\(on)",
          evidence: evidence,
          change: .addReason(id: id, title: "\(codes)\(on) (found by payerbook suggest; write the proofs and steps)", group: group, carc: carc, rarcs: key.rarcs, procedures: procedures),
          strength: 2 * Double(claims) / Double(max(1, options.minSupport))))
    }
    return out
  }

  // MARK: - Proofs

  func proofs(_ denials: [DenialEvidence], _ facts: PlaybookFacts) -> [Suggestion] {
    struct Pair {
      var payer: String, reason: PlaybookFacts.Reason, proof: String
      var withN: Int, withWon: Int, withoutN: Int, withoutWon: Int
      var withList: [DenialEvidence]
    }
    var byReason: [String: [String: [Decided]]] = [:]
    for e in denials {
      guard let r = e.reasonID, let d = Miner.firstDecided(e) else { continue }
      byReason[e.payer, default: [:]][r, default: []].append(d)
    }
    var tested: [Pair] = []  // for the significance test
    var requiredTested: [Pair] = []  // for the no-effect bound
    for payer in byReason.keys.sorted() {
      guard let payerFacts = facts.payers[payer] else { continue }
      for (reasonID, obs) in byReason[payer]!.sorted(by: { $0.key < $1.key }) {
        guard let reason = payerFacts.reason(reasonID), reason.enabled else { continue }
        let candidates = Set(obs.flatMap(\.proofs)).union(reason.requires).sorted()
        for proof in candidates {
          var p = Pair(payer: payer, reason: reason, proof: proof, withN: 0, withWon: 0, withoutN: 0, withoutWon: 0, withList: [])
          for o in obs {
            if o.proofs.contains(proof) {
              p.withN += 1
              if o.won { p.withWon += 1 }
              p.withList.append(o.denial)
            } else {
              p.withoutN += 1
              if o.won { p.withoutWon += 1 }
            }
          }
          if p.withN >= options.proofMinGroup && p.withoutN >= options.proofMinGroup { tested.append(p) }
          if reason.requires.contains(proof), p.withN >= options.noEffectMinGroup, p.withoutN >= options.noEffectMinGroup {
            requiredTested.append(p)
          }
        }
      }
    }
    var out: [Suggestion] = []
    let threshold = options.proofAlpha / Double(max(1, tested.count))
    for p in tested {
      let table = FisherExact.Table(p.withWon, p.withN - p.withWon, p.withoutWon, p.withoutN - p.withoutWon)
      let pValue = FisherExact.twoSided(table)
      let p1 = Miner.rate(p.withWon, p.withN), p0 = Miner.rate(p.withoutWon, p.withoutN)
      guard pValue <= threshold, p1 > p0 else { continue }
      let ci = FisherExact.newcombe(p.withWon, p.withN, p.withoutWon, p.withoutN)
      let change: ProposedChange
      let what: String
      if !p.reason.requires.contains(p.proof) {
        change = .addRequired(reason: p.reason.id, proof: p.proof)
        what = "require \(p.proof)"
      } else {
        let lesson = p.reason.preventRequires ?? []
        if lesson.contains(p.proof) && p.reason.preventSeverity == "error" { continue }
        var requires = lesson
        if !requires.contains(p.proof) { requires.append(p.proof) }
        change = .addPrevent(
          reason: p.reason.id, requires: requires, severity: "error",
          message: "Appeals with \(p.proof) were overturned \(Miner.pct(p1)) of the time, without it \(Miner.pct(p0)); have it on file before submitting.")
        what = "check for \(p.proof) before submission"
      }
      let evidence = SuggestionEvidence(
        counts: ["with_proof": p.withN, "with_proof_won": p.withWon, "without_proof": p.withoutN, "without_proof_won": p.withoutWon, "pairs_tested": tested.count],
        rates: ["p_with": Miner.round4(p1), "p_without": Miner.round4(p0), "alpha_corrected": threshold],
        interval: [Miner.round4(ci.low), Miner.round4(ci.high)], pValue: pValue, examples: examples(p.withList),
        summary: "\(p.reason.id): appeals with \(p.proof) overturned \(p.withWon)/\(p.withN) (\(Miner.pct(p1))) vs \(p.withoutWon)/\(p.withoutN) (\(Miner.pct(p0))) without; Fisher p = \(String(format: "%.2g", pValue)), \(tested.count) pairs tested")
      out.append(
        Suggestion(
          kind: .proofMakesDifference, payer: p.payer, subject: p.reason.id, title: "\(p.reason.id): \(what)", evidence: evidence,
          change: change, strength: Miner.strength(p: pValue)))
    }
    // Proofs without effect: the one-sided bound on the improvement must stay below the margin.
    let z = Normal.quantile(1 - options.noEffectAlpha / Double(max(1, requiredTested.count)))
    for p in requiredTested {
      let ci = FisherExact.newcombe(p.withWon, p.withN, p.withoutWon, p.withoutN, z: z)
      guard ci.high < options.noEffectMargin else { continue }
      let p1 = Miner.rate(p.withWon, p.withN), p0 = Miner.rate(p.withoutWon, p.withoutN)
      let pValue = FisherExact.twoSided(FisherExact.Table(p.withWon, p.withN - p.withWon, p.withoutWon, p.withoutN - p.withoutWon))
      let evidence = SuggestionEvidence(
        counts: ["with_proof": p.withN, "with_proof_won": p.withWon, "without_proof": p.withoutN, "without_proof_won": p.withoutWon, "required_tested": requiredTested.count],
        rates: ["p_with": Miner.round4(p1), "p_without": Miner.round4(p0), "margin": options.noEffectMargin],
        interval: [Miner.round4(ci.low), Miner.round4(ci.high)], pValue: pValue, examples: examples(p.withList),
        summary: "\(p.reason.id): required \(p.proof) made no difference: \(Miner.pct(p1)) overturned with it, \(Miner.pct(p0)) without; the improvement is below \(Miner.pct(ci.high)) (one-sided bound)")
      out.append(
        Suggestion(
          kind: .proofWithoutEffect, payer: p.payer, subject: p.reason.id, title: "\(p.reason.id): \(p.proof) never moved the outcome",
          evidence: evidence, change: .removeRequired(reason: p.reason.id, proof: p.proof),
          strength: (options.noEffectMargin - ci.high) * sqrt(Double(p.withN + p.withoutN))))
    }
    return out
  }

  // MARK: - Low-yield appeals

  /// CO-16, MA130 or a remark whose wording says something is missing, incomplete or invalid.
  static func missingInfo(_ e: DenialEvidence) -> Bool {
    if e.adjustments.contains(where: { $0.uppercased().hasSuffix("-16") }) { return true }
    return e.remarks.contains { r in
      let u = r.uppercased()
      if u == "MA130" { return true }
      guard let w = RARC.wording(u)?.lowercased() else { return false }
      return w.contains("missing") || w.contains("incomplete") || w.contains("invalid")
    }
  }

  func lowYield(_ denials: [DenialEvidence], _ facts: PlaybookFacts) -> [Suggestion] {
    var byReason: [String: [String: [DenialEvidence]]] = [:]
    for e in denials { if let r = e.reasonID { byReason[e.payer, default: [:]][r, default: []].append(e) } }
    var out: [Suggestion] = []
    for (payer, reasons) in byReason {
      guard let payerFacts = facts.payers[payer] else { continue }
      for (reasonID, list) in reasons {
        guard let reason = payerFacts.reason(reasonID), reason.enabled, reason.action == "appeal" else { continue }
        let decided = list.compactMap(Miner.firstDecided)
        let n = decided.count, won = decided.filter(\.won).count
        guard n >= options.lowYieldMinAppeals else { continue }
        let ci = FisherExact.wilson(won, n)
        guard ci.high < options.lowYieldUpper else { continue }
        let missing = list.filter(Miner.missingInfo).count
        let missingShare = Miner.rate(missing, list.count)
        let change: ProposedChange
        let rateText = "\(won)/\(n) appeals overturned (\(Miner.pct(Miner.rate(won, n))), at most \(Miner.pct(ci.high)))"
        if missingShare >= options.missingInfoShare {
          change = .setAction(reason: reasonID, action: "correct_and_resubmit", why: "\(rateText); \(Miner.pct(missingShare)) of these denials say information is missing")
        } else if ci.high < options.writeOffUpper {
          change = .setAction(reason: reasonID, action: "write_off", why: rateText)
        } else {
          change = .reviewSteps(reason: reasonID, note: "\(rateText): review the steps and proofs")
        }
        let tail = Binomial.lowerTail(won, n, options.lowYieldUpper)
        let evidence = SuggestionEvidence(
          counts: ["denials": list.count, "decided_appeals": n, "overturned": won, "missing_info": missing],
          rates: ["overturn_rate": Miner.round4(Miner.rate(won, n)), "missing_info_share": Miner.round4(missingShare)],
          interval: [Miner.round4(ci.low), Miner.round4(ci.high)], pValue: tail,
          examples: examples(decided.map(\.denial)), summary: "\(reasonID): \(rateText)")
        out.append(
          Suggestion(
            kind: .lowYieldAppeals, payer: payer, subject: reasonID, title: "\(reasonID): appeals rarely succeed", evidence: evidence,
            change: change, strength: Miner.strength(p: tail)))
      }
    }
    return out
  }

  // MARK: - Late appeals

  func late(_ denials: [DenialEvidence], _ facts: PlaybookFacts) -> [Suggestion] {
    struct Key: Hashable { var payer: String, level: String }
    struct Sent { var offset: Int, untimely: Bool, denial: DenialEvidence }
    var groups: [Key: [Sent]] = [:]
    for e in denials {
      guard let payerFacts = facts.payers[e.payer] else { continue }
      for (i, appeal) in e.appeals.enumerated() where i < e.outcomes.count {
        let o = e.outcomes[i]
        guard o.result != "withdrawn", let level = payerFacts.level(appeal.level), let days = level.deadlineCalendarDays else { continue }
        // The deadline counts from the previous decision for later appeals, else the remit date.
        let start = i > 0 ? e.outcomes[i - 1].date : e.remitDate
        guard let start else { continue }
        let offset = appeal.date.dayNumber - start.dayNumber
        guard offset <= days else { continue }  // late by the playbook too: not the playbook's fault
        groups[Key(payer: e.payer, level: appeal.level), default: []].append(Sent(offset: offset, untimely: o.untimely, denial: e))
      }
    }
    var out: [Suggestion] = []
    for (key, sent) in groups {
      let n = sent.count, lateList = sent.filter(\.untimely), k = lateList.count
      guard k >= options.lateMinCount else { continue }
      let ci = FisherExact.wilson(k, n)
      guard ci.low > options.lateRate else { continue }
      guard let level = facts.payers[key.payer]?.level(key.level), let days = level.deadlineCalendarDays else { continue }
      // The observed deadline: the day count that best separates accepted from untimely appeals
      // (fewest misplaced; ties to the earliest). The lateness margin is `days - cut`.
      let offsets = Set(sent.map(\.offset)).sorted()
      var best = (cut: days, errors: Int.max)
      for cut in [offsets.first! - 1] + offsets {
        let errors = sent.filter { ($0.offset <= cut) == $0.untimely }.count
        if errors < best.errors { best = (cut, errors) }
      }
      let newDays = max(1, min(days - 1, best.cut))
      let unit = level.deadlineUnit == "days" ? "days" : "calendar days (the level counts \(level.deadlineUnit))"
      let tail = Binomial.upperTail(k, n, options.lateRate)
      let evidence = SuggestionEvidence(
        counts: ["appeals_on_time_by_playbook": n, "untimely": k, "deadline_days": days, "observed_deadline_days": newDays, "margin_days": days - newDays],
        rates: ["untimely_rate": Miner.round4(Miner.rate(k, n))], interval: [Miner.round4(ci.low), Miner.round4(ci.high)], pValue: tail,
        examples: examples(lateList.map(\.denial)),
        summary: "\(key.level): \(k) of \(n) appeals sent within the playbook's \(days) days were rejected as late; none sent after day \(newDays) was safe")
      out.append(
        Suggestion(
          kind: .lateAppeals, payer: key.payer, subject: key.level,
          title: "\(key.level): shorten the deadline from \(days) to \(newDays) \(unit)", evidence: evidence,
          change: .shortenDeadline(level: key.level, days: newDays), strength: Miner.strength(p: tail)))
    }
    return out
  }

  // MARK: - Prevention

  func prevention(_ denials: [DenialEvidence], _ facts: PlaybookFacts, today: CalendarDate) -> [Suggestion] {
    struct Key: Hashable { var payer: String, reason: String, procedure: String }
    let from = today.dayNumber - options.preventWindowDays
    var groups: [Key: [DenialEvidence]] = [:]
    for e in denials {
      guard let r = e.reasonID, let proc = e.procedure, let d = e.remitDate?.dayNumber, d > from, d <= today.dayNumber else { continue }
      let code = String(proc.uppercased().prefix { $0 != "-" && $0 != ":" })
      groups[Key(payer: e.payer, reason: r, procedure: code), default: []].append(e)
    }
    var out: [Suggestion] = []
    for (key, list) in groups where list.count >= options.preventMinCount {
      guard let reason = facts.payers[key.payer]?.reason(key.reason), reason.enabled else { continue }
      if reason.preventRequires != nil, reason.preventSeverity == "error" { continue }
      var requires = reason.preventRequires ?? []
      for r in reason.requires where !requires.contains(r) { requires.append(r) }
      let had = reason.preventRequires == nil ? "has no prevent lesson" : "prevents only at \(reason.preventSeverity ?? "?")"
      let evidence = SuggestionEvidence(
        counts: ["denials": list.count, "window_days": options.preventWindowDays], examples: examples(list),
        summary: "\(key.reason) denied \(list.count) times for \(key.procedure) in \(options.preventWindowDays) days and \(had)")
      out.append(
        Suggestion(
          kind: .prevention, payer: key.payer, subject: key.reason, title: "\(key.reason): check \(key.procedure) cases before submission",
          evidence: evidence,
          change: .addPrevent(
            reason: key.reason, requires: requires, severity: "error",
            message: "\(key.reason) keeps denying \(key.procedure): have \(requires.isEmpty ? "what it needs" : requires.joined(separator: ", ")) on file before submitting."),
          strength: 2 * Double(list.count) / Double(max(1, options.preventMinCount))))
    }
    return out
  }

  // MARK: - Stale rules

  func stale(_ denials: [DenialEvidence], _ facts: PlaybookFacts, today: CalendarDate) -> [Suggestion] {
    let from = today.dayNumber - options.staleDays
    var recent: [String: [DenialEvidence]] = [:]
    var earliest: [String: Int] = [:]
    for e in denials {
      guard let d = e.remitDate?.dayNumber, d <= today.dayNumber else { continue }
      earliest[e.payer] = min(earliest[e.payer] ?? d, d)
      if d > from { recent[e.payer, default: []].append(e) }
    }
    var out: [Suggestion] = []
    for (payerID, payer) in facts.payers {
      guard let first = earliest[payerID], first <= from, let list = recent[payerID] else { continue }
      let matched = Set(list.compactMap(\.reasonID))
      for reason in payer.reasons where reason.enabled && !matched.contains(reason.id) {
        guard list.count >= options.staleMinOtherDenials else { continue }
        let evidence = SuggestionEvidence(
          counts: ["days_without_match": options.staleDays, "other_denials": list.count], examples: [],
          summary: "\(reason.id) matched none of \(payerID)'s \(list.count) denials in \(options.staleDays) days")
        out.append(
          Suggestion(
            kind: .staleRule, payer: payerID, subject: reason.id, title: "\(reason.id): no denial in \(options.staleDays) days",
            evidence: evidence, change: .disableReason(reason: reason.id), strength: 1 + log10(Double(list.count))))
      }
    }
    return out
  }
}

// MARK: - Small helpers

/// Binomial tails, summed in log space.
enum Binomial {
  static func logPMF(_ k: Int, _ n: Int, _ p: Double) -> Double {
    FisherExact.logFactorial(n) - FisherExact.logFactorial(k) - FisherExact.logFactorial(n - k) + Double(k) * log(p) + Double(n - k) * log1p(-p)
  }
  /// P(X <= k).
  static func lowerTail(_ k: Int, _ n: Int, _ p: Double) -> Double {
    min(1, (0...max(0, k)).reduce(0) { $0 + exp(logPMF($1, n, p)) })
  }
  /// P(X >= k).
  static func upperTail(_ k: Int, _ n: Int, _ p: Double) -> Double {
    k > n ? 0 : min(1, (k...n).reduce(0) { $0 + exp(logPMF($1, n, p)) })
  }
}

/// The standard normal quantile (Acklam's rational approximation, relative error below 1.2e-9).
enum Normal {
  static func quantile(_ p: Double) -> Double {
    precondition(p > 0 && p < 1)
    let a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00]
    let b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01]
    let c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00]
    let d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00]
    let low = 0.02425
    if p < low {
      let q = sqrt(-2 * log(p))
      return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
    }
    if p > 1 - low {
      let q = sqrt(-2 * log1p(-p))
      return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
    }
    let q = p - 0.5, r = q * q
    return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
  }
}

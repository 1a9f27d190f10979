import Claims
import Evaluation
import Foundation

/// Generates practice histories with planted truths, to measure the miner's precision and
/// recall. Deterministic per seed (its own SplitMix64 generator; no `random(in:)` whose
/// algorithm could change between Swift versions).
///
/// **The practice (noise).** Five payers, each with two appeal levels (first level 60 to 180
/// days from the remit date, second level 60 days from the first decision) and ten denial
/// reasons. Each reason has its own group+CARC, remark, a family of 20 procedure codes, one or
/// two required proofs, two or three optional proofs that staff include at a reason-specific rate
/// (20–60%) without any effect, a base overturn rate between 0.30 and 0.70, and 15–50 denials a
/// year over two years. Half the reasons carry a prevent lesson at `error`. 80% of denials are
/// appealed, within 80% of the deadline except for 3% sent late by staff (rejected as untimely);
/// 1% of on-time appeals are rejected as untimely anyway; 5% have no decision yet and 3% are
/// withdrawn; 30% of upheld first-level appeals go to the second level. Required proofs are
/// included 95% of the time and have no effect. Each payer also has about 15 unplaybooked one-off
/// denials a year with random codes.
///
/// **Planted truths** (not in pure-noise mode), with `n = outcomesPerEffect`:
/// - (a) `payer-1`/`p1-proof`: optional proof `peer_to_peer` (included half the time) raises the
///   overturn rate from 0.35 to 0.75; `n` decided appeals.
/// - (b) `payer-2`: `n/10` unplaybooked `CO-197`+`N54` denials on the `643` family over the last
///   year.
/// - (c) `payer-3`/`p3-noeffect`: required proof `imaging_report`, included half the time, does
///   nothing (overturn 0.45 either way); `n` decided appeals.
/// - (d) `payer-4`/`p4-hopeless`: `n` decided appeals, none overturned.
/// - (e) `payer-5`/`level-1`: the payer's real deadline is two thirds of the playbook's, and its
///   staff send appeals up to 95% of the playbook deadline; affects all of its first-level
///   appeals (a few hundred).
/// - (f) `payer-1`/`p1-recurring`: no prevent lesson, and `n/10` denials for one procedure in
///   the last 150 days.
/// - (g) `payer-2`/`p2-retired`: a reason in the playbook that matched nothing in two years.
public struct PracticeSimulator: Sendable {
  /// A truth planted in a history.
  public struct PlantedTruth: Sendable, Equatable, CustomStringConvertible {
    /// The kind of suggestion that should find it.
    public var kind: SuggestionKind
    /// The payer.
    public var payer: String
    /// The reason or level.
    public var subject: String
    /// The proof, for proof kinds.
    public var proof: String?
    public var description: String { "\(kind.rawValue) \(payer)/\(subject)\(proof.map { " (\($0))" } ?? "")" }

    /// Whether a suggestion is about this truth.
    public func matches(_ s: Suggestion) -> Bool {
      guard s.kind == kind, s.payer == payer, s.subject == subject else { return false }
      guard let proof else { return true }
      switch s.change {
      case .addRequired(_, let p), .removeRequired(_, let p): return p == proof
      case .addPrevent(_, let requires, _, _): return requires.contains(proof)
      default: return false
      }
    }
  }

  /// One generated history.
  public struct History: Sendable {
    /// The denials with their appeals and outcomes.
    public var evidence: [DenialEvidence]
    /// The playbooks they were matched against.
    public var playbooks: PlaybookFacts
    /// The day the history ends.
    public var today: CalendarDate
    /// What was planted (empty in pure-noise mode).
    public var planted: [PlantedTruth]
  }

  /// The seed.
  public var seed: UInt64
  /// Decided appeals (or denials, see the type's documentation) per planted effect.
  public var outcomesPerEffect: Int
  /// No planted truth, only noise.
  public var pureNoise: Bool

  /// Creates a simulator.
  public init(seed: UInt64, outcomesPerEffect: Int = 200, pureNoise: Bool = false) {
    self.seed = seed
    self.outcomesPerEffect = outcomesPerEffect
    self.pureNoise = pureNoise
  }

  // MARK: - Generation

  static let today = CalendarDate(year: 2026, month: 12, day: 31)!
  static let historyDays = 730
  static let proofPool = ["lmn", "op_note", "office_notes", "imaging", "therapy_notes", "auth_letter", "lab_results", "referral", "itemized_bill", "consent"]
  static let carcPool = ["CO-4", "CO-11", "CO-15", "CO-16", "CO-18", "CO-22", "CO-27", "CO-29", "CO-31", "CO-45", "CO-50", "CO-96", "CO-97", "CO-109", "CO-119", "CO-151", "CO-167", "CO-170", "CO-181", "CO-182", "CO-185", "CO-197", "CO-204", "CO-236", "PR-204"]
  static let rarcPool = ["N115", "N130", "N290", "N386", "N432", "N479", "N522", "N657", "M127", "M80", "MA63", "N20", "N362", "N56", "N4", "N657", "M15", "N208", "N30", "N95"]

  struct NoiseReason {
    var facts: PlaybookFacts.Reason
    var adjustment: String
    var remark: String
    var codes: [String]
    var optional: [(proof: String, rate: Double)]
    var base: Double
    var perYear: Double
  }

  /// Generates the history.
  public func history() -> History {
    var rng = SplitMix64(seed: seed &* 0x9E37_79B9_7F4A_7C15 &+ (pureNoise ? 1 : 0))
    let todayDay = Self.today.dayNumber
    let n = outcomesPerEffect
    var payers: [PlaybookFacts.Payer] = []
    var evidence: [DenialEvidence] = []
    var planted: [PlantedTruth] = []
    var nextID: Int64 = 1
    func claimRef() -> String {
      defer { nextID += 1 }
      return "PCN\(String(seed, radix: 36).uppercased())-\(nextID)"
    }

    for p in 1...5 {
      let payerID = "payer-\(p)"
      let firstDays = [60, 90, 120, 180][rng.int(4)]
      let levels = [
        PlaybookFacts.Level(id: "level-1", deadlineCount: firstDays, deadlineFrom: "remit_date"),
        PlaybookFacts.Level(id: "level-2", deadlineCount: 60, deadlineFrom: "previous_decision"),
      ]
      // Planted (e): the payer's real first-level deadline is shorter than the playbook says.
      let lateTruth = !pureNoise && p == 5
      let realFirstDays = lateTruth ? firstDays * 2 / 3 : firstDays
      let sendShare = lateTruth ? 0.95 : 0.8

      var reasons: [NoiseReason] = []
      for r in 1...10 {
        let id = "p\(p)-r\(String(format: "%02d", r))"
        let adjustment = Self.carcPool[rng.int(Self.carcPool.count)]
        let remark = Self.rarcPool[rng.int(Self.rarcPool.count)]
        let familyStart = 10000 + rng.int(800) * 100
        let codes = (0..<20).map { String(familyStart + $0 * 3) }
        var pool = Self.proofPool
        rng.shuffle(&pool)
        let requires = Array(pool.prefix(1 + rng.int(2)))
        let optionalCount = 2 + rng.int(2)
        let optional = pool.dropFirst(requires.count).prefix(optionalCount).map { ($0, 0.2 + 0.4 * rng.double()) }
        let withLesson = rng.double() < 0.5
        let parts = adjustment.split(separator: "-").map(String.init)
        let facts = PlaybookFacts.Reason(
          id: id, requires: requires, action: "appeal", preventRequires: withLesson ? requires : nil,
          preventSeverity: withLesson ? "error" : nil, procedures: ["\(codes.first!)-\(codes.last!)"], groups: [parts[0]],
          carcs: [parts[1]], rarcs: [remark], startLevel: nil, enabled: true)
        reasons.append(
          NoiseReason(facts: facts, adjustment: adjustment, remark: remark, codes: codes, optional: optional, base: 0.3 + 0.4 * rng.double(), perYear: 15 + 35 * rng.double()))
      }

      // One denial of a reason, with its appeals and outcomes.
      func denial(
        _ reason: NoiseReason, day: Int, procedure: String? = nil, forceDecided: Bool = false,
        proofRule: ((inout SplitMix64) -> [String])? = nil, winRule: (([String]) -> Double)? = nil
      ) -> DenialEvidence {
        let remit = CalendarDate(dayNumber: day)
        var e = DenialEvidence(
          id: nextID, claimRef: claimRef(), payer: payerID, reasonID: reason.facts.id, adjustments: [reason.adjustment],
          remarks: [reason.remark], procedure: procedure ?? reason.codes[rng.int(reason.codes.count)], remitDate: remit,
          denied: Decimal(100 + rng.int(4000)))
        guard forceDecided || rng.double() < 0.8 else { return e }
        // First-level appeal.
        let staffLate = !forceDecided && rng.double() < 0.03
        let offset = staffLate ? firstDays + 1 + rng.int(20) : 5 + rng.int(max(1, Int(Double(firstDays) * sendShare) - 5))
        var proofs = reason.facts.requires.filter { _ in rng.double() < 0.95 }
        for o in reason.optional where rng.double() < o.rate { proofs.append(o.proof) }
        if let proofRule { proofs = proofRule(&rng) }
        let sent = day + offset
        guard sent <= todayDay - 5 else { return e }
        e.appeals.append(AppealEvidence(level: "level-1", date: CalendarDate(dayNumber: sent), proofs: proofs))
        let decisionDay = sent + 20 + rng.int(40)
        guard decisionDay <= todayDay else { return e }
        let roll = rng.double()
        if !forceDecided && roll < 0.05 { return e }  // no decision yet
        if !forceDecided && roll < 0.08 {
          e.outcomes.append(OutcomeEvidence(result: "withdrawn", date: CalendarDate(dayNumber: decisionDay), untimely: false))
          return e
        }
        let untimely = offset > realFirstDays || (!forceDecided && rng.double() < 0.01)
        if untimely {
          e.outcomes.append(OutcomeEvidence(result: "upheld", date: CalendarDate(dayNumber: decisionDay), untimely: true))
          return e
        }
        let pWin = winRule?(proofs) ?? reason.base
        let won = rng.double() < pWin
        e.outcomes.append(OutcomeEvidence(result: won ? (rng.double() < 0.15 ? "partial" : "overturned") : "upheld", date: CalendarDate(dayNumber: decisionDay), untimely: false))
        // Second level for some upheld ones.
        if !won && rng.double() < 0.3 {
          let sent2 = decisionDay + 5 + rng.int(43)
          let decision2 = sent2 + 20 + rng.int(40)
          if decision2 <= todayDay {
            e.appeals.append(AppealEvidence(level: "level-2", date: CalendarDate(dayNumber: sent2), proofs: proofs))
            let won2 = rng.double() < reason.base * 0.5
            e.outcomes.append(OutcomeEvidence(result: won2 ? "overturned" : "upheld", date: CalendarDate(dayNumber: decision2), untimely: false))
          }
        }
        return e
      }

      // Noise denials.
      for reason in reasons {
        let count = poisson(reason.perYear * Double(Self.historyDays) / 365, &rng)
        for _ in 0..<count { evidence.append(denial(reason, day: todayDay - Self.historyDays + rng.int(Self.historyDays - 30))) }
      }
      // Unplaybooked one-offs.
      for _ in 0..<poisson(15 * Double(Self.historyDays) / 365, &rng) {
        let remarks = rng.double() < 0.6 ? [Self.rarcPool[rng.int(Self.rarcPool.count)]] : []
        let proc = String(10000 + rng.int(90000))
        evidence.append(
          DenialEvidence(
            id: nextID, claimRef: claimRef(), payer: payerID, reasonID: nil, adjustments: [Self.carcPool[rng.int(Self.carcPool.count)]],
            remarks: remarks, procedure: proc, remitDate: CalendarDate(dayNumber: todayDay - rng.int(Self.historyDays)),
            denied: Decimal(50 + rng.int(2000))))
      }

      var factsReasons = reasons.map(\.facts)
      if !pureNoise {
        // Planted reasons carry a prevent lesson at `error` (their volume would otherwise make
        // them genuine prevention findings), except (f), whose missing lesson is the truth.
        func plantedReason(_ id: String, requires: [String], optional: [(String, Double)] = [], base: Double, lesson: Bool = true) -> NoiseReason {
          let familyStart = 20000 + rng.int(700) * 100
          let codes = (0..<20).map { String(familyStart + $0 * 3) }
          let facts = PlaybookFacts.Reason(
            id: id, requires: requires, action: "appeal", preventRequires: lesson ? requires : nil, preventSeverity: lesson ? "error" : nil,
            procedures: ["\(codes.first!)-\(codes.last!)"], groups: ["CO"], carcs: ["50"])
          return NoiseReason(facts: facts, adjustment: "CO-50", remark: "N115", codes: codes, optional: optional, base: base, perYear: 0)
        }
        func spread() -> Int { todayDay - Self.historyDays + rng.int(Self.historyDays - 90) }
        switch p {
        case 1:
          // (a) a proof that makes the difference.
          let a = plantedReason("p1-proof", requires: ["lmn"], optional: [("office_notes", 0.4)], base: 0.35)
          factsReasons.append(a.facts)
          for _ in 0..<n {
            evidence.append(
              denial(
                a, day: spread(), forceDecided: true,
                proofRule: { r in
                  var proofs = ["lmn"]
                  if r.double() < 0.4 { proofs.append("office_notes") }
                  if r.double() < 0.5 { proofs.append("peer_to_peer") }
                  return proofs
                }, winRule: { $0.contains("peer_to_peer") ? 0.75 : 0.35 }))
          }
          planted.append(PlantedTruth(kind: .proofMakesDifference, payer: payerID, subject: "p1-proof", proof: "peer_to_peer"))
          // (f) a reason that keeps recurring for one procedure, with no prevent lesson.
          let f = plantedReason("p1-recurring", requires: ["auth_letter"], base: 0.5, lesson: false)
          factsReasons.append(f.facts)
          for _ in 0..<(n / 2) { evidence.append(denial(f, day: spread())) }  // background, all procedures
          let hot = f.codes[rng.int(f.codes.count)]
          for _ in 0..<(n / 10) { evidence.append(denial(f, day: todayDay - rng.int(150), procedure: hot)) }
          planted.append(PlantedTruth(kind: .prevention, payer: payerID, subject: "p1-recurring"))
        case 2:
          // (b) an uncovered recurring denial.
          for _ in 0..<(n / 10) {
            let proc = "643" + String(format: "%02d", rng.int(100))
            evidence.append(
              DenialEvidence(
                id: nextID, claimRef: claimRef(), payer: payerID, reasonID: nil, adjustments: ["CO-197"], remarks: ["N54"],
                procedure: proc, remitDate: CalendarDate(dayNumber: todayDay - rng.int(365)), denied: Decimal(300 + rng.int(900))))
          }
          planted.append(PlantedTruth(kind: .uncoveredDenials, payer: payerID, subject: "co-197-n54-643"))
          // (g) a retired rule.
          factsReasons.append(plantedReason("p2-retired", requires: ["lmn"], base: 0.5).facts)
          planted.append(PlantedTruth(kind: .staleRule, payer: payerID, subject: "p2-retired"))
        case 3:
          // (c) a required proof that does nothing.
          let c = plantedReason("p3-noeffect", requires: ["imaging_report"], optional: [("lmn", 0.5)], base: 0.45)
          factsReasons.append(c.facts)
          for _ in 0..<n {
            evidence.append(
              denial(
                c, day: spread(), forceDecided: true,
                proofRule: { r in
                  var proofs: [String] = []
                  if r.double() < 0.5 { proofs.append("imaging_report") }
                  if r.double() < 0.5 { proofs.append("lmn") }
                  return proofs
                }))
          }
          planted.append(PlantedTruth(kind: .proofWithoutEffect, payer: payerID, subject: "p3-noeffect", proof: "imaging_report"))
        case 4:
          // (d) appeals that always fail.
          let d = plantedReason("p4-hopeless", requires: ["lmn"], base: 0)
          factsReasons.append(d.facts)
          for _ in 0..<n { evidence.append(denial(d, day: spread(), forceDecided: true)) }
          planted.append(PlantedTruth(kind: .lowYieldAppeals, payer: payerID, subject: "p4-hopeless"))
        default:
          planted.append(PlantedTruth(kind: .lateAppeals, payer: payerID, subject: "level-1"))
        }
      }
      payers.append(PlaybookFacts.Payer(id: payerID, reasons: factsReasons, levels: levels))
    }
    return History(evidence: evidence, playbooks: PlaybookFacts(payers: payers), today: Self.today, planted: planted)
  }

  // MARK: - Measurement

  /// Precision, recall and the pure-noise figure over a range of seeds.
  public struct QualityReport: Sendable, CustomStringConvertible {
    /// Histories generated per mode.
    public var seeds: Int
    /// Outcomes per planted effect.
    public var outcomesPerEffect: Int
    /// Suggestions made on histories with planted truths.
    public var suggestions: Int
    /// Of those, the ones about a planted truth.
    public var matchedSuggestions: Int
    /// Truths planted.
    public var planted: Int
    /// Truths found by at least one suggestion.
    public var found: Int
    /// Planted and found per kind.
    public var perKind: [SuggestionKind: (planted: Int, found: Int)]
    /// Suggestions not about a planted truth, per kind (planted histories).
    public var falsePositivesPerKind: [SuggestionKind: Int]
    /// Pure-noise histories with no suggestion at all.
    public var silentNoiseHistories: Int
    /// Suggestions made on pure-noise histories, per kind.
    public var noiseSuggestionsPerKind: [SuggestionKind: Int]

    /// matched suggestions / all suggestions (1 when there are none).
    public var precision: Double { suggestions == 0 ? 1 : Double(matchedSuggestions) / Double(suggestions) }
    /// found / planted.
    public var recall: Double { planted == 0 ? 1 : Double(found) / Double(planted) }
    /// Share of pure-noise histories without any suggestion.
    public var silentNoiseShare: Double { seeds == 0 ? 1 : Double(silentNoiseHistories) / Double(seeds) }

    /// Whether the issue's targets are met: precision ≥ 0.95, recall ≥ 0.9, ≥ 95% silent noise.
    public var meetsTargets: Bool { precision >= 0.95 && recall >= 0.9 && silentNoiseShare >= 0.95 }

    public var description: String {
      func f(_ x: Double) -> String { String(format: "%.3f", x) }
      var lines = [
        "seeds: \(seeds), outcomes per planted effect: \(outcomesPerEffect)",
        "precision: \(f(precision)) (\(matchedSuggestions) of \(suggestions) suggestions about a planted truth; target >= 0.95)",
        "recall: \(f(recall)) (\(found) of \(planted) planted truths found; target >= 0.9)",
        "pure noise: \(f(silentNoiseShare)) of histories with no suggestion (\(silentNoiseHistories) of \(seeds); target >= 0.95)",
      ]
      for kind in SuggestionKind.allCases {
        let k = perKind[kind] ?? (0, 0)
        let fp = falsePositivesPerKind[kind] ?? 0, noise = noiseSuggestionsPerKind[kind] ?? 0
        guard k.planted > 0 || fp > 0 || noise > 0 else { continue }
        lines.append("  \(kind.rawValue): found \(k.found)/\(k.planted), unplanted \(fp), in pure noise \(noise)")
      }
      lines.append(meetsTargets ? "targets met" : "targets NOT met")
      return lines.joined(separator: "\n")
    }
  }

  /// Runs the miner on a planted and a pure-noise history per seed.
  public static func quality(seeds: Range<UInt64>, outcomesPerEffect: Int, options: MiningOptions = MiningOptions()) -> QualityReport {
    let miner = Miner(options: options)
    var report = QualityReport(
      seeds: seeds.count, outcomesPerEffect: outcomesPerEffect, suggestions: 0, matchedSuggestions: 0, planted: 0, found: 0, perKind: [:],
      falsePositivesPerKind: [:], silentNoiseHistories: 0, noiseSuggestionsPerKind: [:])
    for seed in seeds {
      let h = PracticeSimulator(seed: seed, outcomesPerEffect: outcomesPerEffect).history()
      let found = miner.suggestions(from: h.evidence, playbooks: h.playbooks, today: h.today)
      report.suggestions += found.count
      for s in found {
        if h.planted.contains(where: { $0.matches(s) }) {
          report.matchedSuggestions += 1
        } else {
          report.falsePositivesPerKind[s.kind, default: 0] += 1
        }
      }
      for t in h.planted {
        let hit = found.contains { t.matches($0) }
        report.planted += 1
        if hit { report.found += 1 }
        var k = report.perKind[t.kind] ?? (0, 0)
        k.planted += 1
        if hit { k.found += 1 }
        report.perKind[t.kind] = k
      }
      let noise = PracticeSimulator(seed: seed, outcomesPerEffect: outcomesPerEffect, pureNoise: true).history()
      let noiseFound = miner.suggestions(from: noise.evidence, playbooks: noise.playbooks, today: noise.today)
      if noiseFound.isEmpty { report.silentNoiseHistories += 1 }
      for s in noiseFound { report.noiseSuggestionsPerKind[s.kind, default: 0] += 1 }
    }
    return report
  }
}

/// A Poisson draw (Knuth's method for small means, a rounded normal approximation above 60).
func poisson(_ mean: Double, _ rng: inout SplitMix64) -> Int {
  if mean > 60 {
    let u1 = max(rng.double(), 1e-300), u2 = rng.double()
    let z = sqrt(-2 * log(u1)) * cos(2 * Double.pi * u2)
    return max(0, Int((mean + z * sqrt(mean)).rounded()))
  }
  let l = exp(-mean)
  var k = 0, p = 1.0
  repeat {
    k += 1
    p *= rng.double()
  } while p > l
  return k - 1
}

/// SplitMix64: small, fast, and the same on every platform.
struct SplitMix64 {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
  /// Uniform in [0, 1).
  mutating func double() -> Double { Double(next() >> 11) * 0x1p-53 }
  /// Uniform in 0..<n (n > 0).
  mutating func int(_ n: Int) -> Int { Int(next() % UInt64(n)) }
  mutating func shuffle<T>(_ a: inout [T]) {
    guard a.count > 1 else { return }
    for i in stride(from: a.count - 1, to: 0, by: -1) { a.swapAt(i, int(i + 1)) }
  }
}

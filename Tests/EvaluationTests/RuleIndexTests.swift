import Claims
import Foundation
import PlaybookModel
import Testing

@testable import Evaluation

/// A small deterministic random generator (SplitMix64) so failures reproduce.
struct SeededRandom: RandomNumberGenerator {
  var state: UInt64
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

/// Loads playbooks written as text into a temporary folder.
func loadPlaybooks(_ files: [String: String]) throws -> PlaybookLibrary {
  let dir = NSTemporaryDirectory() + "pb-eval-\(UUID().uuidString)"
  for (name, text) in files {
    let path = dir + "/" + name
    try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
  }
  defer { try? FileManager.default.removeItem(atPath: dir) }
  return PlaybookLibrary.load(folder: dir)
}

@Suite struct RuleIndexTests {
  static let groups = ["CO", "OA", "PI", "PR"]
  static let carcs = ["16", "50", "97", "197", "4", "11", "204", "22", "18", "29", "236"]
  static let rarcs = ["N115", "MA130", "N386", "M127", "N362"]
  static let procedures = ["29881", "29880", "29877", "72148", "93306", "J9035", "99213", "G0289"]
  static let patterns = ["29870-29889", "29881", "J*", "72148", "93300-93350", "99*", "G0289"]
  static let diagnoses = ["M1711", "M2321", "S8321", "C3490", "I2510", "M5416"]
  static let diagnosisPatterns = ["M17.*", "M23.2*", "S83.2*", "C34.*", "I25.10", "M54.16"]
  static let modifiers = ["59", "XS", "LT", "RT", "25", "26"]
  static let pos = ["11", "22", "24", "02"]

  func pick<T>(_ list: [T], _ rng: inout SeededRandom, max: Int = 3) -> [T] {
    let n = Int.random(in: 1...min(max, list.count), using: &rng)
    return Array(list.shuffled(using: &rng).prefix(n))
  }

  func randomReason(_ i: Int, _ rng: inout SeededRandom) -> String {
    var match: [String] = []
    func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &rng) < p }
    if chance(0.6) { match.append("group: [\(pick(Self.groups, &rng, max: 2).joined(separator: ", "))]") }
    if chance(0.8) { match.append("carc: [\(pick(Self.carcs, &rng).map { "'\($0)'" }.joined(separator: ", "))]") }
    if chance(0.3) { match.append("rarc: [\(pick(Self.rarcs, &rng).joined(separator: ", "))]") }
    if chance(0.5) { match.append("procedures: ['\(pick(Self.patterns, &rng).joined(separator: "', '"))']") }
    if chance(0.1) { match.append("procedures_all: ['\(pick(Self.patterns, &rng, max: 2).joined(separator: "', '"))']") }
    if chance(0.2) { match.append("modifiers: ['\(pick(Self.modifiers, &rng).joined(separator: "', '"))']") }
    if chance(0.15) { match.append("modifiers_absent: ['\(pick(Self.modifiers, &rng).joined(separator: "', '"))']") }
    if chance(0.3) { match.append("diagnoses: ['\(pick(Self.diagnosisPatterns, &rng).joined(separator: "', '"))']") }
    if chance(0.2) { match.append("place_of_service: ['\(pick(Self.pos, &rng).joined(separator: "', '"))']") }
    if chance(0.1) { match.append("plan_types: [commercial]") }
    if chance(0.1) { match.append("billed_over: \(Int.random(in: 100...2000, using: &rng))") }
    if match.isEmpty { match.append("carc: ['50']") }
    var text = "  - id: r\(i)\n    title: Reason \(i)\n    match: {\(match.joined(separator: ", "))}\n    requires: [lmn]\n"
    if chance(0.15) { text += "    effective: {from: 2026-01-01, until: 2026-06-30}\n" }
    return text
  }

  func randomFacts(_ rng: inout SeededRandom) -> Facts {
    var f = Facts()
    for _ in 0..<Int.random(in: 0...3, using: &rng) {
      f.adjustments.append(AdjustmentFact(group: Self.groups.randomElement(using: &rng)!, carc: Self.carcs.randomElement(using: &rng)!))
    }
    f.remarks = pick(Self.rarcs, &rng, max: 2).map(PackedCode.init)
    for _ in 0..<Int.random(in: 1...3, using: &rng) {
      let mods = Bool.random(using: &rng) ? pick(Self.modifiers, &rng, max: 2) : []
      f.procedures.append(ProcedureFact(code: Self.procedures.randomElement(using: &rng)!, modifiers: mods))
    }
    f.diagnoses = Bool.random(using: &rng) ? pick(Self.diagnoses, &rng).map(PackedCode.init) : nil
    f.placeOfService = PackedCode(Self.pos.randomElement(using: &rng)!)
    f.planType = Bool.random(using: &rng) ? "commercial" : "medicare_part_b"
    f.billed = Decimal(Int.random(in: 50...3000, using: &rng))
    f.serviceDate = CalendarDate(year: 2026, month: Int.random(in: 1...12, using: &rng), day: 15)
    return f
  }

  @Test(arguments: [1, 2, 3, 4, 5] as [UInt64])
  func indexAndLinearEvaluatorAgree(seed: UInt64) throws {
    var rng = SeededRandom(state: seed)
    var files: [String: String] = [:]
    for p in 0..<4 {
      var text = "payer: {id: p\(p), name: Payer \(p)}\nproofs: {lmn: {title: L}}\nappeal_levels:\n  - {id: a, title: A, deadline: {days: 60, from: remit_date}}\ndenial_reasons:\n"
      for i in 0..<60 { text += randomReason(i, &rng) }
      files["p\(p).yaml"] = text
    }
    let library = try loadPlaybooks(files)
    #expect(library.diagnostics.all.filter { $0.severity == .error }.isEmpty, "\(library.diagnostics.all.prefix(3).map(\.description))")
    let index = RuleIndex(library.resolved)
    #expect(index.reasonCount == 240)
    var matched = 0
    var mismatches: [String] = []
    for n in 0..<1500 {
      let facts = randomFacts(&rng)
      for p in 0..<index.playbooks.count {
        let fast = index.matches(facts, playbook: p)
        let slow = index.matchesLinear(facts, playbook: p)
        let untraced = index.matches(facts, playbook: p, traces: false)
        if fast.map(\.reason.id) != slow.map(\.reason.id) || fast.map(\.trace) != slow.map(\.trace)
          || untraced.map(\.reason.id) != fast.map(\.reason.id)
        {
          mismatches.append("denial \(n), playbook \(p): index \(fast.map(\.reason.id)) linear \(slow.map(\.reason.id))")
        }
        matched += fast.count
      }
    }
    #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
    // The generator must exercise matching, not only misses.
    #expect(matched > 500, "only \(matched) matches")
  }

  @Test func routingByIDThenNameThenDefault() throws {
    let library = try loadPlaybooks([
      "acme.yaml": "payer: {id: acme, name: Acme Health, identifiers: {payer_ids: ['60054'], names: [ACME HLTH]}}\n",
      "mcr.yaml": "payer: {id: medicare-b, name: Medicare Part B, default_for: [medicare_part_b]}\n",
    ])
    let index = RuleIndex(library.resolved)
    #expect(index.route(payerID: "60054", payerName: "Whatever", planType: nil).routing == .payerID("60054"))
    #expect(index.route(payerID: "99999", payerName: "Acme Hlth.", planType: nil).routing == .name("Acme Hlth."))
    let mac = index.route(payerID: "04412", payerName: "NOVITAS SOLUTIONS", planType: "medicare_part_b")
    #expect(mac.routing == .defaultFor("medicare_part_b"))
    #expect(mac.playbook.map { index.playbooks[$0].playbook.payer?.id } == "medicare-b")
    #expect(index.route(payerID: "1", payerName: "Unknown", planType: "commercial").playbook == nil)
  }

  @Test func specificityRanksNarrowerReasonsFirstWithTraces() throws {
    let library = try loadPlaybooks([
      "p.yaml": """
        payer: {id: p, name: P}
        proofs: {lmn: {title: L}}
        denial_reasons:
          - {id: broad, title: Broad, match: {carc: [50]}, requires: [lmn]}
          - {id: knee, title: Knee, match: {group: [CO], carc: [50], procedures: [29870-29889], diagnoses: [M17.*]}, requires: [lmn]}
          - {id: knee-exact, title: Knee exact, match: {group: [CO], carc: [50], procedures: [29881], diagnoses: [M17.11]}, requires: [lmn]}
        """
    ])
    let index = RuleIndex(library.resolved)
    var f = Facts()
    f.adjustments = [AdjustmentFact(group: "CO", carc: "50")]
    f.procedures = [ProcedureFact(code: "29881")]
    f.diagnoses = [PackedCode("M1711")]
    let matches = index.matches(f, playbook: 0)
    #expect(matches.map(\.reason.id) == ["knee-exact", "knee", "broad"])
    #expect(matches[1].trace == ["group CO in {CO}", "carc 50 in {50}", "procedure 29881 in 29870-29889", "diagnosis M17.11 matches M17.*"])
    // Without diagnoses (an 835 alone) only the broad reason matches, and the near miss says why.
    f.diagnoses = nil
    #expect(index.matches(f, playbook: 0).map(\.reason.id) == ["broad"])
    #expect(index.nearMisses(f, playbook: 0).first?.failed == "diagnoses unknown (the remittance has none; give the original claim with --claims)")
  }

  @Test func groupAndCarcMustBeOnTheSameAdjustment() throws {
    let library = try loadPlaybooks([
      "p.yaml": "payer: {id: p, name: P}\nproofs: {lmn: {title: L}}\ndenial_reasons:\n  - {id: co50, title: T, match: {group: [CO], carc: [50]}, requires: [lmn]}\n"
    ])
    let index = RuleIndex(library.resolved)
    var f = Facts()
    f.adjustments = [AdjustmentFact(group: "CO", carc: "45"), AdjustmentFact(group: "PR", carc: "50")]
    #expect(index.matches(f, playbook: 0).isEmpty)
    f.adjustments.append(AdjustmentFact(group: "CO", carc: "50"))
    #expect(index.matches(f, playbook: 0).map(\.reason.id) == ["co50"])
  }
}

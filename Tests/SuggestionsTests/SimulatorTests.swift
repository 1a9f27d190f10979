import Claims
import Foundation
import Testing

@testable import Suggestions

@Suite struct SimulatorTests {
  /// The targets, over 20 seeds with 200 outcomes per planted effect (about 4 s in debug).
  @Test func qualityMeetsTargets() {
    let report = PracticeSimulator.quality(seeds: 1..<21, outcomesPerEffect: 200)
    print(report)
    #expect(report.seeds == 20)
    #expect(report.planted == 20 * 7)
    #expect(report.precision >= 0.95, "\(report)")
    #expect(report.recall >= 0.9, "\(report)")
    #expect(report.silentNoiseShare >= 0.95, "\(report)")
    #expect(report.meetsTargets)
    #expect(report.description.contains("precision: "))
  }

  @Test func historiesAreDeterministicPerSeed() {
    let a = PracticeSimulator(seed: 7).history(), b = PracticeSimulator(seed: 7).history()
    #expect(a.evidence == b.evidence && a.playbooks == b.playbooks && a.planted == b.planted)
    let c = PracticeSimulator(seed: 8).history()
    #expect(a.evidence != c.evidence)
    #expect(a.planted.count == 7)
    let noise = PracticeSimulator(seed: 7, pureNoise: true).history()
    #expect(noise.planted.isEmpty)
    #expect(noise.evidence.count > 2000)
    // No patient data: references are account numbers only.
    #expect(a.evidence.allSatisfy { $0.claimRef.hasPrefix("PCN") })
  }

  /// The planted truths come back with the right edits.
  @Test func plantedTruthsComeBackWithTheRightEdits() throws {
    let h = PracticeSimulator(seed: 3).history()
    let found = Miner().suggestions(from: h.evidence, playbooks: h.playbooks, today: h.today)
    let proof = try #require(found.first { $0.kind == .proofMakesDifference })
    #expect(proof.change == .addRequired(reason: "p1-proof", proof: "peer_to_peer"))
    #expect(proof.evidence.pValue! < 1e-6)
    let hopeless = try #require(found.first { $0.kind == .lowYieldAppeals })
    #expect(hopeless.change == .setAction(reason: "p4-hopeless", action: "write_off", why: hopeless.evidence.summary.replacingOccurrences(of: "p4-hopeless: ", with: "")))
    let late = try #require(found.first { $0.kind == .lateAppeals })
    let playbookDays = try #require(h.playbooks.payers["payer-5"]?.level("level-1")?.deadlineCount)
    guard case .shortenDeadline(let level, let days) = late.change else { throw Failure("\(late.change)") }
    // The real deadline is two thirds of the playbook's; the suggestion is at or just under it.
    #expect(level == "level-1")
    #expect(days <= playbookDays * 2 / 3 && days >= playbookDays * 2 / 3 - 5, "\(days) vs \(playbookDays * 2 / 3)")
    #expect(found.contains { $0.change == .disableReason(reason: "p2-retired") })
    #expect(found.contains { $0.kind == .uncoveredDenials && $0.subject == "co-197-n54-643" })
  }

  /// With fewer outcomes per effect, the recall drops (the uncovered and prevention plants fall
  /// below their thresholds at 50), but what is suggested stays right.
  @Test func smallEffectsLoseRecallNotPrecision() {
    let report = PracticeSimulator.quality(seeds: 1..<6, outcomesPerEffect: 50)
    #expect(report.precision >= 0.95, "\(report)")
    #expect(report.recall < 0.9)
  }

  struct Failure: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
  }
}

/// Longer measurements for docs/suggestions.md: `SUGGEST_SEEDS=200 swift test -c release
/// --filter SimulatorSweep` prints the figures for several effect sizes. Skipped otherwise.
@Suite struct SimulatorSweep {
  @Test(.enabled(if: ProcessInfo.processInfo.environment["SUGGEST_SEEDS"] != nil && ProcessInfo.processInfo.environment["SUGGEST_MARGIN"] == nil))
  func sweep() {
    let seeds = UInt64(ProcessInfo.processInfo.environment["SUGGEST_SEEDS"] ?? "") ?? 200
    for n in [50, 100, 200, 400] {
      print("---")
      print(PracticeSimulator.quality(seeds: 1000..<(1000 + seeds), outcomesPerEffect: n))
    }
  }

  /// `SUGGEST_SEEDS=200 SUGGEST_MARGIN=0.25 swift test -c release --filter SimulatorSweep`:
  /// the figures with another no-effect margin, at 200 outcomes per effect.
  @Test(.enabled(if: ProcessInfo.processInfo.environment["SUGGEST_MARGIN"] != nil))
  func margin() {
    let env = ProcessInfo.processInfo.environment
    var options = MiningOptions()
    options.noEffectMargin = Double(env["SUGGEST_MARGIN"] ?? "") ?? 0.2
    let seeds = UInt64(env["SUGGEST_SEEDS"] ?? "") ?? 200
    print(PracticeSimulator.quality(seeds: 1000..<(1000 + seeds), outcomesPerEffect: 200, options: options))
  }
}

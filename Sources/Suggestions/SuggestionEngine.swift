import Claims
import Evaluation
import Foundation
import OutcomeStore
import PlaybookModel

/// A suggestion with its patch, ready for review.
public struct ReviewedSuggestion: Sendable {
  /// The suggestion.
  public var suggestion: Suggestion
  /// The playbook file the patch changes.
  public var file: String?
  /// The file's text after the change (revision not yet bumped).
  public var newText: String?
  /// The unified diff; empty when the change could not be placed (see `problem`).
  public var patch: String
  /// Why no patch could be made, when none could.
  public var problem: String?
}

/// Mines the store and turns each finding into a patch against the playbook files.
public struct SuggestionEngine {
  let library: PlaybookLibrary

  /// Creates an engine over loaded playbooks.
  public init(library: PlaybookLibrary) { self.library = library }

  /// The evidence of the store, without patient data.
  public static func evidence(_ denials: [StoredDenial]) -> [DenialEvidence] {
    denials.map { d in
      let procedure = (d.denied.lines.first(where: \.denied) ?? d.denied.lines.first)?.procedure.code
      return DenialEvidence(
        id: d.id, claimRef: d.denied.patientControlNumber, payer: d.payerKey, reasonID: d.reasonID,
        adjustments: d.denied.adjustments.map(\.key), remarks: d.denied.remarks, procedure: procedure,
        remitDate: d.denied.remitDate, denied: d.denied.deniedAmount,
        appeals: d.appeals.map { AppealEvidence(level: $0.levelID, date: $0.date, proofs: $0.proofs) },
        outcomes: d.outcomes.map { OutcomeEvidence(result: $0.result, date: $0.date, untimely: $0.untimely) })
    }
  }

  /// Suggestions, strongest first, with patches; those a person rejected are left out until
  /// their evidence changes, and approved ones are left out.
  public func review(
    evidence: [DenialEvidence], options: MiningOptions, today: CalendarDate,
    decisions: [String: (decision: String, fingerprint: String)]
  ) -> [ReviewedSuggestion] {
    let facts = PlaybookFacts(library.resolved)
    let found = Miner(options: options).suggestions(from: evidence, playbooks: facts, today: today)
    return found.compactMap { s in
      if let d = decisions[s.id], d.decision == "approved" || d.fingerprint == s.fingerprint { return nil }
      return patch(s)
    }
  }

  /// The patch for a suggestion.
  public func patch(_ s: Suggestion) -> ReviewedSuggestion {
    var reviewed = ReviewedSuggestion(suggestion: s, file: nil, newText: nil, patch: "", problem: nil)
    guard let playbook = library.resolved.first(where: { $0.playbook.payer?.id == s.payer }) else {
      reviewed.problem = "no playbook for payer `\(s.payer)`"
      return reviewed
    }
    let own = playbook.playbook.file
    do {
      var target = (path: own.path, writer: PatchWriter(path: own.path, text: String(decoding: try read(own.path), as: UTF8.self)))
      switch s.change {
      case .addReason, .addPrevent, .addRequired, .removeRequired, .setAction, .reviewSteps, .disableReason:
        if case .addReason = s.change {
        } else if let reasonID = reasonOf(s.change), !target.writer.defines(reason: reasonID) {
          // Inherited: copy the reason into the payer's file so the base stays as it is.
          guard let reason = playbook.denialReasons.first(where: { $0.id == reasonID }),
            let base = library.playbooks[reason.sourceKey]
          else { throw PatchWriter.PatchError(message: "reason `\(reasonID)` is not in the playbook of `\(s.payer)`") }
          let baseWriter = PatchWriter(path: base.file.path, text: String(decoding: try read(base.file.path), as: UTF8.self))
          try target.writer.localize(reason: reasonID, from: baseWriter)
        }
      case .shortenDeadline(let level, _):
        if !target.writer.defines(level: level) {
          // A level written in a base: the change belongs there (it changes every payer of the base).
          guard let base = ([playbook.playbook.key] + playbook.bases).compactMap({ library.playbooks[$0] })
            .first(where: { PatchWriter(path: $0.file.path, text: (try? String(contentsOfFile: $0.file.path, encoding: .utf8)) ?? "").defines(level: level) })
          else { throw PatchWriter.PatchError(message: "appeal level `\(level)` is not written in the playbooks of `\(s.payer)`") }
          target = (base.file.path, PatchWriter(path: base.file.path, text: String(decoding: try read(base.file.path), as: UTF8.self)))
        }
      }
      let before = String(decoding: try read(target.path), as: UTF8.self)
      try target.writer.apply(s.change)
      reviewed.file = target.path
      reviewed.newText = target.writer.text
      reviewed.patch = UnifiedDiff.make(path: target.path, old: before, new: target.writer.text)
    } catch {
      reviewed.problem = "\(error)"
    }
    return reviewed
  }

  func reasonOf(_ change: ProposedChange) -> String? {
    switch change {
    case .addRequired(let r, _), .removeRequired(let r, _), .setAction(let r, _, _), .reviewSteps(let r, _), .addPrevent(let r, _, _, _),
      .disableReason(let r):
      return r
    case .addReason, .shortenDeadline: return nil
    }
  }

  func read(_ path: String) throws -> Data {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw PatchWriter.PatchError(message: "cannot read `\(path)`")
    }
    return data
  }

  /// The next revision: today's date, or today's date with a counter when the playbook was
  /// already revised today (`2026-12-03.2`).
  public static func nextRevision(current: String?, today: CalendarDate) -> String {
    let day = today.description
    guard let current, current.hasPrefix(day) else { return day }
    if current == day { return day + ".2" }
    let counter = Int(current.dropFirst(day.count + 1)) ?? 1
    return "\(day).\(counter + 1)"
  }
}

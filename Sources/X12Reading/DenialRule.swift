import Claims
import Foundation

/// Decides which remittance claims and lines are denials.
///
/// The rule (also in `docs/denial-rule.md`):
///
/// - A **service line is denied** when it is not paid (SVC03 = 0) and carries at least one
///   non-routine adjustment in group CO, OA or PI with a non-zero amount; or when its claim is
///   denied and the line is not paid.
/// - A **claim is denied** when CLP02 = 4, or when it is not paid (CLP04 = 0) and it (or one of
///   its lines) carries a non-routine CO, OA or PI adjustment with a non-zero amount.
/// - A **partial denial** is a claim that is paid (CLP04 ≠ 0) but has at least one denied line.
/// - **Routine adjustments** are not denials: by default CO-45 (charge over the fee schedule),
///   PR-1, PR-2, PR-3 (deductible, coinsurance, copay) and CO-253 (sequestration). The list is
///   data: ``init(routine:)`` takes another one (the playbooks' base can override it).
///   Patient responsibility (PR) and corrections (CR) are never denial groups.
/// - **Reversals** (CLP02 = 22) are never denials, nor are their lines. A reversal cancels the
///   earlier payment or denial with the same payer claim control number (CLP07): when that
///   claim is in the same read, it is marked ``ClaimPayment/reversedLater`` and leaves
///   ``Remittance/denials``.
public struct DenialRule: Sendable {
  /// Adjustments that never make a denial, as `GROUP-REASON` keys such as `CO-45`.
  public var routine: Set<String>
  /// Groups that can make a denial.
  public var denialGroups: Set<String>

  /// The default routine adjustments.
  public static let defaultRoutine: Set<String> = ["CO-45", "PR-1", "PR-2", "PR-3", "CO-253"]

  /// The rule with the default routine list, or another one.
  public init(
    routine: Set<String> = DenialRule.defaultRoutine,
    denialGroups: Set<String> = ["CO", "OA", "PI"]
  ) {
    self.routine = routine
    self.denialGroups = denialGroups
  }

  /// The rule as the documentation states it.
  public static let standard = DenialRule()

  /// True when the adjustment can make a claim or line a denial.
  @inlinable public func isDenialReason(_ a: Adjustment) -> Bool {
    !a.amount.isZero && denialGroups.contains(a.group) && !routine.contains(a.key)
  }

  /// Sets ``ClaimPayment/denial`` and each line's ``ServicePayment/denial``.
  public func apply(to claim: inout ClaimPayment) {
    apply(to: &claim, isDenialReason: isDenialReason)
  }

  /// The rule with another (equivalent, faster) test of ``isDenialReason(_:)``: the reader
  /// passes one that remembers its answers per group and reason.
  func apply(to claim: inout ClaimPayment, isDenialReason: (Adjustment) -> Bool) {
    claim.denial = nil
    for i in claim.lines.indices { claim.lines[i].denial = nil }
    if claim.isReversal { return }
    let claimReasons = claim.adjustments.filter(isDenialReason)
    var lineReasons: [Adjustment] = []
    var lineRemarks: [String] = []
    var deniedLines = 0
    var lineAdjustments = 0
    for line in claim.lines where line.paid.isZero { lineAdjustments += line.adjustments.count }
    lineReasons.reserveCapacity(lineAdjustments)
    for i in claim.lines.indices {
      guard claim.lines[i].paid.isZero else { continue }
      let reasons = claim.lines[i].adjustments.filter(isDenialReason)
      if !reasons.isEmpty {
        let remarks = claim.lines[i].remarks
        claim.lines[i].denial = Denial(kind: .denied, reasons: reasons, remarks: remarks)
        deniedLines += 1
        lineReasons.append(contentsOf: reasons)
        for r in remarks where !lineRemarks.contains(r) { lineRemarks.append(r) }
      }
    }
    let notPaid = claim.paid.isZero
    let denied = claim.status == "4" || (notPaid && (!claimReasons.isEmpty || !lineReasons.isEmpty))
    if denied {
      // The same lists as `claimReasons + lineReasons` and the claim's remarks followed by the
      // lines' new ones, without making new arrays when one side is empty.
      var remarks = claim.remarks
      if remarks.isEmpty {
        remarks = lineRemarks
      } else {
        for r in lineRemarks where !remarks.contains(r) { remarks.append(r) }
      }
      let reasons =
        claimReasons.isEmpty
        ? lineReasons : lineReasons.isEmpty ? claimReasons : claimReasons + lineReasons
      claim.denial = Denial(kind: .denied, reasons: reasons, remarks: remarks)
      // Every unpaid line of a denied claim is denied, with the claim's reasons when it has none.
      for i in claim.lines.indices where claim.lines[i].denial == nil && claim.lines[i].paid.isZero
      {
        claim.lines[i].denial = Denial(
          kind: .denied, reasons: claimReasons, remarks: claim.lines[i].remarks)
      }
    } else if deniedLines > 0 {
      claim.denial = Denial(kind: .partial, reasons: lineReasons, remarks: lineRemarks)
    }
  }

  /// Marks claims that a later reversal in the same remittances cancels (same CLP07).
  public func applyReversals(to remittances: inout [Remittance]) {
    var reversed: Set<String> = []
    // Walk backwards: a claim is cancelled by a reversal that comes after it.
    for r in remittances.indices.reversed() {
      for c in remittances[r].claims.indices.reversed() {
        let claim = remittances[r].claims[c]
        guard let number = claim.payerClaimControlNumber else { continue }
        if claim.isReversal {
          reversed.insert(number)
        } else if reversed.contains(number) {
          remittances[r].claims[c].reversedLater = true
          reversed.remove(number)
        }
      }
    }
  }
}

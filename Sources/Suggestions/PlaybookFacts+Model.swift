import PlaybookModel

extension PlaybookFacts {
  /// Describes loaded payer playbooks (bases merged in). Playbooks without a payer section
  /// (bases) are skipped.
  public init(_ resolved: [ResolvedPlaybook]) {
    var payers: [Payer] = []
    for r in resolved {
      guard let payer = r.playbook.payer else { continue }
      let reasons = r.denialReasons.map { d in
        Reason(
          id: d.id, requires: d.requires, action: d.action.kind.rawValue, preventRequires: d.prevent?.requires,
          preventSeverity: d.prevent?.severity, procedures: (d.match.procedures ?? []).map(\.text),
          groups: d.match.groups ?? [], carcs: d.match.carcs ?? [], rarcs: d.match.rarcs ?? [],
          startLevel: d.startAt?.id, enabled: d.enabled)
      }
      let levels = r.appealLevels.map { l in
        Level(
          id: l.id, deadlineCount: l.deadline?.count, deadlineUnit: l.deadline?.unit.rawValue ?? "days",
          deadlineFrom: l.deadline?.from ?? "remit_date")
      }
      payers.append(Payer(id: payer.id, reasons: reasons, levels: levels))
    }
    self.init(payers: payers)
  }
}

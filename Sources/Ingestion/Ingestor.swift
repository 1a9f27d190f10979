import Claims
import CodeSets
import Diagnostics
import Evaluation
import Foundation
import OutcomeStore
import X12Reading

/// What ingesting one file did.
public struct FileReport: Sendable {
  /// The file.
  public var path: String
  /// `835`, `837`, `case-json` or `denial-json`.
  public var kind: String = "unknown"
  /// True when the same file (sha256) was ingested before: nothing was done.
  public var skipped = false
  /// True when the file was refused (errors); nothing from it was stored.
  public var rejected = false
  /// Claims read (remittance claims or submissions).
  public var claims = 0
  /// New denials stored.
  public var denials = 0
  /// Dollars denied by the new denials.
  public var deniedAmount: Decimal = 0
  /// New denials that no playbook reason matched.
  public var unplaybooked = 0
  /// Appealed denials this remittance decided.
  public var decided = 0
  /// Stored denials linked to their claim by this file.
  public var linked = 0
  /// Problems found while reading.
  public var diagnostics: [Diagnostic] = []

  /// An empty report for a file.
  public init(path: String) { self.path = path }
}

/// Reads files and records them in a store: 837P claims and case JSON as submissions; 835
/// remittances (streamed) and denial JSON as denials, matched against the playbooks, linked to
/// their submissions in either order; later remittances decide appealed denials. One
/// transaction per file.
public struct Ingestor {
  let store: any OutcomeStore
  let evaluator: Evaluator
  let today: CalendarDate
  let keepPatientNames: Bool
  /// Called with a progress line now and then on large files.
  public var progress: ((String) -> Void)?

  /// Creates an ingestor.
  public init(
    store: any OutcomeStore, evaluator: Evaluator, today: CalendarDate, keepPatientNames: Bool
  ) {
    self.store = store
    self.evaluator = evaluator
    self.today = today
    self.keepPatientNames = keepPatientNames
  }

  /// Reader errors that mean data may be missing or wrong: the file is refused.
  static let fatalCodes: Set<String> = [
    "PB601", "PB603", "PB604", "PB610", "PB611", "PB612", "PB614", "PB620", "PB623", "PB701",
    "PB702",
    "PB703", "PB704", "PB705",
  ]

  struct Rejected: Error {}

  /// A transaction's header changed after its first claim (a payer loop after claims): the
  /// headers as they end, to store the file again with.
  struct HeadersChanged: Error {
    let headers: [Int: Remittance]
  }

  /// Ingests one file. Store errors are thrown; input problems are in the report.
  public func ingest(path: String) throws -> FileReport {
    var report = FileReport(path: path)
    // The file is read twice (fingerprint, then contents): a pipe or FIFO would give its data to
    // the first read only, and the fingerprint of a file never stored would then skip the real
    // one later. Only regular files are taken.
    var info = stat()
    if stat(path, &info) == 0, info.st_mode & S_IFMT != S_IFREG {
      report.rejected = true
      let folder = info.st_mode & S_IFMT == S_IFDIR
      report.diagnostics = [
        Diagnostic(
          .cannotRead,
          folder
            ? "`\(path)` is a folder, not a file"
            : "`\(path)` is not a regular file (a pipe or a device)",
          at: nil,
          help: folder
            ? "give the files in it" : "save the data to a file first and ingest that file",
          path: path)
      ]
      return report
    }
    guard let handle = FileHandle(forReadingAtPath: path) else {
      report.rejected = true
      report.diagnostics = [
        Diagnostic(
          .cannotRead, "cannot read `\(path)`", at: nil, help: "check the path and its permissions",
          path: path)
      ]
      return report
    }
    // Hash in chunks; keep only the first bytes to sniff the kind.
    var hash = SHA256()
    var head: [UInt8] = []
    var size = 0
    while let chunk = try? handle.read(upToCount: 1 << 20), !chunk.isEmpty {
      var bytes = [UInt8](chunk)
      hash.update(bytes)
      size += bytes.count
      // The first 4 KB after any leading blank space, to tell the kind.
      if head.isEmpty,
        let start = bytes.firstIndex(where: {
          ![0x20, 0x0A, 0x0D, 0x09, 0xEF, 0xBB, 0xBF].contains($0)
        })
      {
        bytes.removeFirst(start)
        head = Array(bytes.prefix(4096))
      } else if !head.isEmpty, head.count < 4096 {
        head += bytes.prefix(4096 - head.count)
      }
    }

    try? handle.close()
    let sha = hash.finalHex()
    report.kind = Self.kind(head)
    if report.kind == "unknown" {
      report.rejected = true
      report.diagnostics = [
        Diagnostic(
          .cannotRead, "`\(path)` is neither X12 (835 or 837P) nor case or denial JSON", at: nil,
          help: "ingest 835 remittances, 837P claims, case JSON or denial JSON files", path: path)
      ]
      return report
    }
    // An 835 whose payer loop comes after some claims is read twice: the first pass learns each
    // transaction's header as it ends (and is rolled back), the second stores every claim with it.
    var finalHeaders: [Int: Remittance]?
    while true {
      do {
        let stored = try store.ingestFile(name: path, sha256: sha, kind: report.kind) { tx in
          switch report.kind {
          case "835":
            try ingest835(
              path: path, size: size, tx: tx, report: &report, finalHeaders: finalHeaders)
          case "837": try ingest837(path: path, tx: tx, report: &report)
          case "case-json": try ingestCases(path: path, tx: tx, report: &report)
          default: try ingestDenialJSON(path: path, tx: tx, report: &report)
          }
          if report.diagnostics.contains(where: {
            $0.severity == .error && Self.fatalCodes.contains($0.code.id)
          }) {
            throw Rejected()
          }
          return FileCounts(claims: report.claims, denials: report.denials)
        }
        report.skipped = !stored
      } catch let changed as HeadersChanged where finalHeaders == nil {
        finalHeaders = changed.headers
        continue
      } catch is Rejected {
        report.rejected = true
        report.claims = 0
        report.denials = 0
        report.deniedAmount = 0
        report.unplaybooked = 0
        report.decided = 0
        report.linked = 0
      }
      break
    }
    return report
  }

  static func kind(_ head: [UInt8]) -> String {
    var i = 0
    if head.count >= 3, head[0] == 0xEF, head[1] == 0xBB, head[2] == 0xBF { i = 3 }
    while i < head.count, [0x20, 0x0A, 0x0D, 0x09].contains(head[i]) { i += 1 }
    guard i < head.count else { return "unknown" }
    if head[i] == UInt8(ascii: "{") || head[i] == UInt8(ascii: "[") {
      let text = String(decoding: head, as: UTF8.self)
      return text.contains("\"denials\"") || text.contains("\"adjustments\"")
        ? "denial-json" : "case-json"
    }
    guard head.count - i > 4, head[i] == UInt8(ascii: "I"), head[i + 1] == UInt8(ascii: "S"),
      head[i + 2] == UInt8(ascii: "A")
    else {
      return "unknown"
    }
    let sep = head[i + 3]
    let needle837 = Array("ST".utf8) + [sep] + Array("837".utf8)
    let needle835 = Array("ST".utf8) + [sep] + Array("835".utf8)
    func contains(_ needle: [UInt8]) -> Bool {
      guard head.count >= needle.count else { return false }
      for j in 0...(head.count - needle.count)
      where head[j..<j + needle.count].elementsEqual(needle) { return true }
      return false
    }
    if contains(needle837) { return "837" }
    if contains(needle835) { return "835" }
    return "835"  // a long header before ST: the reader will say what it is
  }

  /// The key a payer's rows are stored under: the playbook's payer id when routed, else the
  /// payer id, else the normalized name.
  func payerKey(id: String?, name: String?, planType: String?) -> String {
    let (p, _) = evaluator.index.route(payerID: id, payerName: name, planType: planType)
    if let p, let payer = evaluator.index.playbooks[p].playbook.payer { return payer.id }
    if let id, !id.isEmpty { return id.uppercased() }
    return name.map { $0.uppercased() } ?? "unknown"
  }

  // MARK: 835

  func ingest835(
    path: String, size: Int, tx: any FileIngestion, report: inout FileReport,
    finalHeaders: [Int: Remittance]?
  ) throws {
    var firstHeaders: [Int: Remittance] = [:]
    let reader = try X12Reader(path: path)
    let options = RemittanceReader.Options(
      isKnownCARC: { CARC.isKnown($0) }, isKnownRARC: { RARC.isKnown($0) })
    var remittanceIDs: [Int: Int64] = [:]
    var failure: Error?
    var local = report
    let result = RemittanceReader.stream(reader, options: options) { claim, streamed in
      guard failure == nil else { return }
      let key = streamed.envelope.segmentNumber
      if finalHeaders == nil, firstHeaders[key] == nil { firstHeaders[key] = streamed }
      let header = finalHeaders?[key] ?? streamed
      do {
        local.claims += 1
        if local.claims % 20_000 == 0, let progress {
          // bytes read so far / file size, as a bar: [########------------]  42%
          let share = size > 0 ? min(1, Double(reader.counts.bytes) / Double(size)) : 0
          let filled = Int(share * 20)
          let bar =
            String(repeating: "#", count: filled) + String(repeating: "-", count: 20 - filled)
          progress(
            "\(path) [\(bar)] \(Int(share * 100))%  \(local.claims) claims, \(local.denials) denials"
          )
        }
        let headerKey = header.envelope.segmentNumber
        let remittanceID: Int64
        if let id = remittanceIDs[headerKey] {
          remittanceID = id
        } else {
          remittanceID = try tx.addRemittance(
            payerID: header.payer.id, payerName: header.payer.name,
            paymentDate: header.payment.effectiveDate,
            noticeDate: header.productionDate, trace: header.trace?.number,
            segment: header.envelope.segmentNumber)
          remittanceIDs[headerKey] = remittanceID
        }
        try record(claim: claim, header: header, remittanceID: remittanceID, tx: tx, report: &local)
      } catch {
        failure = error
      }
    }
    if let failure { throw failure }
    if finalHeaders == nil {
      var final: [Int: Remittance] = [:]
      for r in result.remittances { final[r.envelope.segmentNumber] = r }
      let changed = firstHeaders.contains { key, first in
        guard let last = final[key] else { return false }
        return last.payer != first.payer || last.payee != first.payee
          || last.payment != first.payment
          || last.trace != first.trace || last.productionDate != first.productionDate
      }
      if changed { throw HeadersChanged(headers: final) }
    }
    report = local
    report.diagnostics += result.diagnostics
  }

  func record(
    claim: ClaimPayment, header: Remittance, remittanceID: Int64, tx: any FileIngestion,
    report: inout FileReport
  ) throws {
    if claim.isReversal { return }
    let planType =
      claim.planType ?? claim.filingIndicator.flatMap { PlanType.fromFilingIndicator($0)?.rawValue }
    let key = payerKey(id: header.payer.id, name: header.payer.name, planType: planType)
    let date = header.payment.effectiveDate ?? header.productionDate ?? today
    // A later remittance for an appealed claim decides the appeal.
    if let appealed = try tx.appealedDenial(
      account: claim.patientControlNumber, payerClaimNumber: claim.payerClaimControlNumber,
      payerKey: key),
      appealed.denied.remitDate.map({ $0 <= date }) ?? true
    {
      let untimely =
        claim.adjustments.contains { $0.reason == "29" }
        || (claim.denial?.reasons.contains { $0.reason == "29" } ?? false)
      var decision = RemitDecision(
        denialID: appealed.id, appealID: appealed.appealID, result: "upheld", recovered: claim.paid,
        date: date,
        untimely: untimely, nextLevel: nil, nextDue: nil)
      if claim.paid > 0 {
        decision.result = claim.paid >= appealed.denied.deniedAmount ? "overturned" : "partial"
      } else {
        // Denied again: the next level's clock starts from this decision.
        var again = appealed.denied
        again.previousDecisionDate = date
        if let (level, due) = nextLevel(after: appealed.lastLevel, for: again) {
          decision.nextLevel = level
          decision.nextDue = due
        }
      }
      try tx.recordDecision(decision)
      report.decided += 1
      return
    }
    guard claim.denial != nil else { return }
    var denied = DeniedClaim(
      remittance: header, claim: claim,
      original: try tx.submission(account: claim.patientControlNumber, payerKey: key))
    denied.source = "\(report.path): segment \(claim.segmentNumber)"
    try store(
      denied, segment: claim.segmentNumber, remittanceID: remittanceID, payerKey: key,
      patient: claim.patient, tx: tx, report: &report)
  }

  func store(
    _ denied: DeniedClaim, segment: Int, remittanceID: Int64, payerKey: String,
    patient: PersonName?, tx: any FileIngestion, report: inout FileReport
  ) throws {
    let checklist = evaluator.checklist(for: denied, today: today)
    let name =
      keepPatientNames
      ? patient.map { [$0.last, $0.first].compactMap { $0 }.joined(separator: ", ") } : nil
    let claim = RemitClaim(
      remittanceID: remittanceID, segment: segment, claim: denied, payerKey: payerKey,
      match: MatchRecord(checklist), patientName: name)
    if try tx.addDenial(claim) != nil {
      report.denials += 1
      report.deniedAmount += denied.deniedAmount
      if checklist.reason == nil { report.unplaybooked += 1 }
    }
  }

  /// The level after `level` in the denial's playbook, with its due date.
  func nextLevel(after level: String, for denied: DeniedClaim) -> (String, CalendarDate?)? {
    let (p, _) = evaluator.index.route(
      payerID: denied.payerID, payerName: denied.payerName, planType: denied.planType)
    guard let p else { return nil }
    let playbook = evaluator.index.playbooks[p]
    guard let i = playbook.appealLevels.firstIndex(where: { $0.id == level }),
      i + 1 < playbook.appealLevels.count
    else { return nil }
    let next = playbook.appealLevels[i + 1]
    let dates = StartDates(
      remit: denied.remitDate, notice: denied.noticeDate, service: denied.serviceFrom,
      previousDecision: denied.previousDecisionDate, submission: denied.submissionDate)
    let due = next.deadline.flatMap {
      DeadlineCalculator.due($0, dates: dates, holidays: Set(playbook.holidays), today: today)?.date
    }
    return (next.id, due)
  }

  // MARK: Submissions

  func ingest837(path: String, tx: any FileIngestion, report: inout FileReport) throws {
    let result = try ClaimReader.read(path: path)
    report.diagnostics += result.diagnostics
    for c in result.cases { try addSubmission(c, tx: tx, report: &report) }
  }

  func ingestCases(path: String, tx: any FileIngestion, report: inout FileReport) throws {
    let result = CaseFile.read(path: path)
    report.diagnostics += result.diagnostics
    for c in result.cases { try addSubmission(c, tx: tx, report: &report) }
  }

  func addSubmission(_ c: Case, tx: any FileIngestion, report: inout FileReport) throws {
    report.claims += 1
    let planType =
      c.planType ?? c.filingIndicator.flatMap { PlanType.fromFilingIndicator($0)?.rawValue }
    let key = payerKey(id: c.payer.id, name: c.payer.name, planType: planType)
    let name =
      keepPatientNames
      ? c.patient.map { [$0.lastName, $0.firstName].compactMap { $0 }.joined(separator: ", ") }
      : nil
    let waiting = try tx.addSubmission(c, payerKey: key, patientName: name)
    // Remittances that came first: join the claim's context and match again.
    for w in waiting {
      var denied = w.denied
      denied.join(c)
      try tx.updateMatch(
        denialID: w.id, denied: denied,
        match: MatchRecord(evaluator.checklist(for: denied, today: today)))
      report.linked += 1
    }
  }

  // MARK: Denial JSON

  func ingestDenialJSON(path: String, tx: any FileIngestion, report: inout FileReport) throws {
    guard let data = FileManager.default.contents(atPath: path) else { return }
    if let json = try? JSONSerialization.jsonObject(with: data) {
      let unknown = DeniedClaim.unknownKeys(in: json)
      report.diagnostics += unknown.map {
        Diagnostic(
          .caseUnknownKey, "unknown key `\($0.key)` in \($0.path)", at: nil,
          help: "see docs/denial-format.md for the keys", path: path)
      }
      if !unknown.isEmpty { return }
    }
    struct Wrapper: Decodable { var denials: [DeniedClaim] }
    let decoder = JSONDecoder()
    var list: [DeniedClaim] = []
    do {
      let top = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
      list =
        top?["denials"] != nil
        ? try decoder.decode(Wrapper.self, from: data).denials
        : [try decoder.decode(DeniedClaim.self, from: data)]
    } catch {
      report.diagnostics.append(
        Diagnostic(
          .caseInvalidValue, "the denial file could not be read: \(error.localizedDescription)",
          at: nil,
          help: "see docs/denial-format.md", path: path))
      return
    }
    let remittanceID = try tx.addRemittance(
      payerID: nil, payerName: nil, paymentDate: nil, noticeDate: nil, trace: nil, segment: 0)
    for (i, var d) in list.enumerated() {
      report.claims += 1
      let key = payerKey(id: d.payerID, name: d.payerName, planType: d.planType)
      if !d.linkedToClaim, let c = try tx.submission(account: d.patientControlNumber, payerKey: key)
      {
        d.join(c)
      }
      try store(
        d, segment: i + 1, remittanceID: remittanceID, payerKey: key, patient: nil, tx: tx,
        report: &report)
    }
  }
}

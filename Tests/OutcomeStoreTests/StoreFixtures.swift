import Claims
import Evaluation
import Foundation
import Testing

@testable import OutcomeStore

/// A fresh temporary folder, removed by `cleanup()`.
struct TempFolder {
  let path: String

  init() {
    path = NSTemporaryDirectory() + "pb-store-\(UUID().uuidString)"
    try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  }

  func file(_ name: String) -> String { path + "/" + name }
  func cleanup() { try? FileManager.default.removeItem(atPath: path) }
}

func day(_ s: String) -> CalendarDate { CalendarDate(iso: s)! }

/// A denial to put in a store, with only the fields the tests look at.
struct DenialSpec {
  var account: String
  var claimNumber: String? = nil
  var payer = "acme-health"
  var reason: String? = "knee-arthroscopy-necessity"
  var action = "appeal"
  var level: String? = "first-level-appeal"
  var billed: Decimal = 1000
  var due: String? = nil
  var remitDate = "2026-11-20"
  var procedure = "29881"
  var patientName: String? = nil

  var claim: DeniedClaim {
    var c = DeniedClaim(patientControlNumber: account, billed: billed, paid: 0)
    c.payerClaimNumber = claimNumber
    c.remitDate = day(remitDate)
    c.adjustments = [Adjustment(group: "CO", reason: "50", amount: billed)]
    var line = DeniedLine(procedure: ProcedureCode(code: procedure, modifiers: []), billed: billed, paid: 0, denied: true)
    line.adjustments = c.adjustments
    c.lines = [line]
    return c
  }
}

/// Stores denials as one ingested "file" (in one transaction); returns their row ids.
@discardableResult
func seed(_ store: SQLiteOutcomeStore, _ specs: [DenialSpec], file: String = "seed-\(UUID().uuidString).835") throws -> [Int64] {
  var ids: [Int64] = []
  let stored = try store.ingestFile(name: file, sha256: SHA(file), kind: "835") { tx in
    let remit = try tx.addRemittance(payerID: "60054", payerName: "ACME HEALTH PLAN", paymentDate: day("2026-11-20"), noticeDate: nil, trace: "T1", segment: 4)
    for (i, s) in specs.enumerated() {
      let match = MatchRecord(
        reasonID: s.reason, playbook: s.payer, revision: "2026-06-01", action: s.action, levelID: s.level, dueDate: s.due.map(day))
      let id = try tx.addDenial(RemitClaim(remittanceID: remit, segment: 10 + i, claim: s.claim, payerKey: s.payer, match: match, patientName: s.patientName))
      ids.append(try #require(id))
    }
    return FileCounts(claims: specs.count, denials: ids.count)
  }
  #expect(stored)
  return ids
}

/// A stand-in sha256 (the store only compares them).
func SHA(_ s: String) -> String { String(repeating: "0", count: 64 - min(64, s.utf8.count)) + String(s.suffix(64)) }

/// Raw SQL over the same file, for checks the interface does not offer.
func rawInt(_ store: SQLiteOutcomeStore, _ sql: String, _ values: [SQLValue] = []) throws -> Int64? {
  try store.db.scalar(sql, values).int
}

func rawText(_ store: SQLiteOutcomeStore, _ sql: String, _ values: [SQLValue] = []) throws -> String? {
  try store.db.scalar(sql, values).text
}

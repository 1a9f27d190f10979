import Evaluation
import Foundation
import PlaybookModel

let packageRoot: String = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

enum Samples {
  static let acmeClaims = packageRoot + "/samples/claims/acme-health-2026-10.837"
  static let acmeRemit = packageRoot + "/samples/remits/acme-health-2026-11.835"
  static let medicareClaims = packageRoot + "/samples/claims/medicare-b-2026-09.837"
  static let medicareRemit = packageRoot + "/samples/remits/medicare-b-2026-10.835"
  static let caseJSON = packageRoot + "/samples/cases/acme-knee-scope.json"
  static var all: [String] { [acmeClaims, medicareClaims, acmeRemit, medicareRemit, caseJSON] }
}

/// The repository's playbooks, loaded once.
let sampleEvaluator: Evaluator = {
  let library = PlaybookLibrary.load(folder: packageRoot + "/playbooks")
  precondition(!library.diagnostics.hasErrors, "the sample playbooks have errors")
  return Evaluator(playbooks: library.resolved)
}()

/// A one-claim Acme Health 835 (fake names) dated `date` (YYYYMMDD): `paid` of 2800 billed for
/// ACC1001's knee arthroscopy; when 0, denied again with CO-50.
func acmeReadjudication(paid: Int, date: String, claimNumber: String = "ACM2701180001", account: String = "ACC1001") -> String {
  let denied = 2800 - paid
  var body = [
    "ST*835*0001",
    "BPR*I*\(paid)*C*ACH*CCP*01*999999992*DA*123456*1512345678**01*999988880*DA*98765*\(date)",
    "TRN*1*ACM-EFT-\(date)-\(paid)*1512345678",
    "DTM*405*\(date)",
    "N1*PR*ACME HEALTH PLAN",
    "N3*PO BOX 1000",
    "N4*COLUMBUS*OH*43215",
    "REF*2U*60054",
    "N1*PE*ORTHO PARTNERS OF SPRINGFIELD*XX*1234567893",
    "LX*1",
    "CLP*\(account)*\(paid > 0 ? 1 : 4)*2800*\(paid)*0*CI*\(claimNumber)*11*1",
    "NM1*QC*1*FAKENAME*TESTPAT****MI*ZZ0000009",
    "SVC*HC:29881:RT*2800*\(paid)**1",
    "DTM*472*20261015",
  ]
  if denied > 0 { body.append("CAS*CO*50*\(denied)") }
  body.append("REF*6R*1001-1")
  body.append("SE*\(body.count + 1)*0001")
  let yymmdd = String(date.dropFirst(2))
  let segments =
    ["ISA*00*          *00*          *ZZ*ORTHOPARTNERS  *ZZ*CLEARINGHOUSE  *\(yymmdd)*0930*^*00501*000003301*0*P*:", "GS*HP*ORTHOPARTNERS*CLEARINGHOUSE*\(date)*0930*3301*X*005010X221A1"]
    + body + ["GE*1*3301", "IEA*1*000003301"]
  return segments.joined(separator: "~\n") + "~\n"
}

func write(_ text: String, to path: String) -> String {
  try! Data(text.utf8).write(to: URL(fileURLWithPath: path))
  return path
}

import Claims
import Foundation
import Testing

@testable import X12Reading

@Suite struct ClaimReaderTests {
  /// A bad birth date (DMG02) is reported without quoting it: it is patient data.
  @Test func aBadBirthDateIsReportedWithoutItsValue() throws {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("samples/claims/acme-health-2026-10.837")
    let text = try String(contentsOf: url, encoding: .utf8)
    // After the first subscriber name, a DMG with 13 months.
    let subscriber = try #require(text.range(of: #"NM1\*IL[^~]*~"#, options: .regularExpression))
    var bad = text
    bad.insert(contentsOf: "DMG*D8*19501341*F~", at: subscriber.upperBound)
    let result = ClaimReader.read(path: "t.837", bytes: Array(bad.utf8))
    let messages = result.diagnostics.filter { $0.code == .x12InvalidDate }.map(\.message)
    #expect(
      messages.count == 1 && messages[0].hasSuffix("`DMG02` is not a CCYYMMDD date"), "\(messages)")
    #expect(!messages.joined().contains("19501341"))
  }

  /// A claim the file ends inside (no SE after it) is left out with PB623, as in an 835: it may
  /// lack service lines.
  @Test func an837ClaimTheFileEndsInsideIsLeftOut() throws {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("samples/claims")
    let files = try FileManager.default.contentsOfDirectory(atPath: url.path).filter {
      $0.hasPrefix("acme") && $0.hasSuffix(".837")
    }
    try #require(!files.isEmpty, "no sample 837 in samples/")
    let text = try String(contentsOf: url.appendingPathComponent(files[0]), encoding: .utf8)
    let complete = ClaimReader.read(path: "t.837", bytes: Array(text.utf8))
    try #require(complete.cases.count >= 2, "the sample needs two claims")
    // Cut inside the last claim, after its first service line.
    let lastCLM = text.range(of: "CLM*", options: .backwards)!
    let cut = text[lastCLM.upperBound...].range(of: "SV1*")!.upperBound
    let result = ClaimReader.read(path: "t.837", bytes: Array(text[..<cut].utf8))
    #expect(
      result.cases.map(\.patientControlNumber)
        == complete.cases.dropLast().map(\.patientControlNumber))
    #expect(result.diagnostics.filter { $0.code == .x12IncompleteClaim }.count == 1)
    // Cut inside the HL that starts the last claim's level: the claim before it is complete.
    let lastHL = text[..<lastCLM.lowerBound].range(of: "HL*", options: .backwards)!
    let atHL = ClaimReader.read(
      path: "t.837", bytes: Array(text[..<lastHL.upperBound].utf8) + Array("4".utf8))
    #expect(
      atHL.cases.map(\.patientControlNumber)
        == complete.cases.dropLast().map(\.patientControlNumber))
    #expect(!atHL.diagnostics.contains { $0.code == .x12IncompleteClaim })
  }

  /// A small 837P with fake names: one subscriber who is the patient, one claim, two lines, and a
  /// secondary payer loop (2320/2330B) that must not replace the claim's payer.
  static let body: [String] = [
    "BHT*0019*00*BATCH1*20261102*1015*CH",
    "NM1*41*2*EXAMPLE ORTHOPEDICS*****46*S123",
    "NM1*40*2*CLEARINGHOUSE*****46*R456",
    "HL*1**20*1", "NM1*85*2*EXAMPLE ORTHOPEDICS*****XX*1234567893",
    "HL*2*1*22*0", "SBR*P*18*GRP1******MB",
    "NM1*IL*1*TESTPATIENT*ALEX****MI*1EG4TE5MK73", "DMG*D8*19500101*F",
    "NM1*PR*2*MEDICARE PART B*****PI*04412",
    "CLM*PCN-1001*325.00***02:B:7*Y*A*Y*Y",
    "REF*G1*AUTH-778", "REF*F8*PCC-ORIG-1", "PWK*OZ*EL***AC*ATT123", "NTE*ADD*KNEE PAIN 6 WEEKS",
    "HI*ABK:M1711*ABF:M23.221*ABF:M25561",
    "NM1*82*1*SURGEON*ANNE****XX*1098765432",
    "SBR*S*18*******CI", "NM1*IL*1*TESTPATIENT*ALEX****MI*SEC999",
    "NM1*PR*2*OTHER PAYER*****PI*99999",
    "LX*1", "SV1*HC:29881:RT*300.00*UN*1*02**1:2", "DTP*472*D8*20261005", "REF*6R*L-1",
    "LX*2", "SV1*HC:99213:25*25.00*UN*1***3", "DTP*472*RD8*20261005-20261006", "REF*6R*L-2",
  ]

  func read(_ body: [String]) -> ClaimReader.Result {
    ClaimReader.read(path: "t.837", bytes: Fixture.bytes(Fixture.interchange([body], type: "837")))
  }

  @Test func claimIsMappedToACase() throws {
    let result = read(Self.body)
    let c = try #require(result.cases.first)
    #expect(result.cases.count == 1)
    #expect(c.patientControlNumber == "PCN-1001")
    #expect(c.totalCharge == 325)
    #expect(c.placeOfService == "02")  // leading zero kept
    #expect(c.frequencyCode == "7")
    #expect(c.payerResponsibility == "P")
    #expect(c.filingIndicator == "MB" && c.planType == "medicare_part_b")
    #expect(c.payer == CasePayer(name: "MEDICARE PART B", id: "04412"))  // not the secondary payer
    #expect(c.billingNPI == "1234567893")
    #expect(c.renderingNPI == "1098765432")
    #expect(c.priorAuthorization == PriorAuthorization(number: "AUTH-778"))
    #expect(c.originalClaimReference == "PCC-ORIG-1")
    #expect(
      c.attachments == [
        Attachment(reportType: "OZ", transmissionCode: "EL", controlNumber: "ATT123")
      ])
    #expect(c.notes == ["KNEE PAIN 6 WEEKS"])
    #expect(c.submissionDate == CalendarDate(year: 2026, month: 11, day: 2))
    #expect(c.patient?.memberID == "1EG4TE5MK73")
    #expect(c.patient?.birthDate == CalendarDate(year: 1950, month: 1, day: 1))
    #expect(c.lines.count == 2)
    #expect(c.lines[0].procedure == ProcedureCode(code: "29881", modifiers: ["RT"]))
    #expect(c.lines[0].charge == 300 && c.lines[0].units == 1)
    #expect(c.lines[0].placeOfService == "02")
    #expect(c.lines[0].diagnosisPointers == [1, 2])
    #expect(c.lines[0].serviceFrom == CalendarDate(year: 2026, month: 10, day: 5))
    #expect(c.lines[0].lineControlNumber == "L-1")
    #expect(c.lines[1].serviceTo == CalendarDate(year: 2026, month: 10, day: 6))
  }

  @Test func diagnosesWithAndWithoutTheDotAreStoredWithoutIt() throws {
    let result = read(Self.body)
    let c = try #require(result.cases.first)
    #expect(c.diagnoses.map(\.code) == ["M1711", "M23221", "M25561"])
    #expect(c.diagnoses.map(\.display) == ["M17.11", "M23.221", "M25.561"])
    #expect(result.diagnostics.map(\.code.id) == ["PB621"])  // the one written with a dot
  }

  @Test func icd9QualifiersAreKeptAsICD9() throws {
    var body = Self.body
    body[15] = "HI*BK:4011*BF:E8889"
    let c = try #require(read(body).cases.first)
    #expect(c.diagnoses.map(\.display) == ["401.1", "E888.9"])
    #expect(c.diagnoses.allSatisfy { $0.system == .icd9 })
  }

  @Test func caseRoundTripsThroughTheJSONFormat() throws {
    let c = try #require(read(Self.body).cases.first)
    let data = try CaseFile.encode([c])
    let back = CaseFile.decode(path: "c.json", bytes: Array(data))
    #expect(back.diagnostics.isEmpty)
    #expect(back.cases == [c])
  }

  @Test func remittanceLinesMatchBySixRThenCodeAndModifiersThenCode() throws {
    let submitted = try #require(read(Self.body).cases.first)
    // The payer echoes L-2 for the office visit, and drops RT from the arthroscopy without a 6R.
    let remit = RemittanceReader.read(
      path: "r.835",
      bytes: Fixture.bytes(
        Fixture.interchange([
          Fixture.header() + [
            "CLP*PCN-1001*1*325*200**MB*PCC1*02*7",
            "SVC*HC:99213:25*25*20**1", "REF*6R*L-2", "CAS*CO*45*5",
            "SVC*HC:29881*300*180**1", "CAS*CO*45*120",
          ]
        ])))
    let claim = try #require(remit.remittances.first?.claims.first)
    let matches = LineMatcher.match(claim, to: submitted)
    #expect(matches.map(\.caseLine) == [1, 0])
    #expect(matches.map(\.method) == [.lineControlNumber, .code])
  }

  @Test func codeAndModifiersBeatCodeAlone() {
    let submitted = Case(
      patientControlNumber: "P", payer: CasePayer(), totalCharge: 0,
      lines: [
        CaseLine(procedure: ProcedureCode(code: "20610", modifiers: ["LT"]), charge: 10),
        CaseLine(procedure: ProcedureCode(code: "20610", modifiers: ["RT"]), charge: 10),
      ])
    var claim = ClaimPayment(patientControlNumber: "P", status: "1", billed: 20, paid: 20)
    claim.lines = [
      ServicePayment(
        procedure: ProcedureCode(code: "20610", modifiers: ["RT"]), billed: 10, paid: 10),
      ServicePayment(procedure: ProcedureCode(code: "20610"), billed: 10, paid: 10),
      ServicePayment(procedure: ProcedureCode(code: "99999"), billed: 10, paid: 10),
    ]
    let matches = LineMatcher.match(claim, to: submitted)
    #expect(matches.map(\.caseLine) == [1, 0, nil])
    #expect(matches.map(\.method) == [.codeAndModifiers, .code, nil])
  }

  @Test func otherTransactionsAreSkippedWithANote() {
    let result = ClaimReader.read(
      path: "t", bytes: Fixture.bytes(Fixture.interchange([Fixture.header()], type: "835")))
    #expect(result.cases.isEmpty)
    #expect(result.diagnostics.map(\.code.id) == ["PB615"])
  }
}

import Claims
import Diagnostics
import Foundation
import Testing

@testable import X12Reading

@Suite struct RemittanceReaderTests {
  func read(_ body: [String], _ more: [[String]] = []) -> RemittanceReader.Result {
    RemittanceReader.read(path: "t.835", bytes: Fixture.bytes(Fixture.interchange([body] + more)))
  }

  @Test func headerLoopsAreMapped() throws {
    let r = try #require(read(Fixture.header()).remittances.first)
    #expect(r.payer == Party(name: "ACME HEALTH PLAN", idQualifier: "XV", id: "60054"))
    #expect(r.payee == Party(name: "EXAMPLE ORTHOPEDICS", idQualifier: "XX", id: "1234567893"))
    #expect(r.payment.amount == 150)
    #expect(r.payment.method == "ACH")
    #expect(r.payment.effectiveDate == CalendarDate(year: 2026, month: 11, day: 1))
    #expect(r.trace == Trace(number: "EFT0001", originatorID: "1512345678"))
    #expect(r.productionDate == CalendarDate(year: 2026, month: 10, day: 30))
    #expect(r.envelope.transactionControlNumber == "0001")
    #expect(r.envelope.version == "005010X221A1")
  }

  @Test func payerIDFromREF2UWhenN1HasNone() throws {
    let header = [
      "BPR*I*0*C*NON", "N1*PR*SMALL PAYER", "REF*2U*77001", "N1*PE*CLINIC*XX*1234567893",
    ]
    let r = try #require(read(header).remittances.first)
    #expect(r.payer.id == "77001")
    #expect(r.payer.idQualifier == "2U")
  }

  @Test func claimAndLineFieldsAreMapped() throws {
    let body =
      Fixture.header() + [
        "CLP*PCN-7*1*250.00*150.00*20.00*MB*PCC777*02*7**DRG1",
        "CAS*CO*45*80.00", "NM1*QC*1*TESTPATIENT*ALEX****MI*W000000001",
        "NM1*82*1*SURGEON*ANNE****XX*1234567893",
        "MOA***MA01*MA18", "REF*1K*ALT1", "DTM*232*20261005", "DTM*233*20261006",
        "DTM*050*20261012",
        "AMT*AU*170.00",
        "SVC*HC:29881:RT:59*250.00*150.00*0360*1**2", "DTM*472*20261005", "REF*6R*L1", "LQ*HE*N130",
        "AMT*B6*170.00",
      ]
    let claim = try #require(read(body).remittances.first?.claims.first)
    #expect(claim.patientControlNumber == "PCN-7")
    #expect(claim.billed == 250 && claim.paid == 150 && claim.patientResponsibility == 20)
    #expect(claim.filingIndicator == "MB" && claim.planType == "medicare_part_b")
    #expect(claim.payerClaimControlNumber == "PCC777")
    #expect(claim.facilityCode == "02")  // leading zero kept
    #expect(claim.frequencyCode == "7")
    #expect(claim.drgCode == "DRG1")
    #expect(claim.remarks == ["MA01", "MA18"])
    #expect(claim.patient?.id == "W000000001")
    #expect(claim.renderingProvider?.id == "1234567893")
    #expect(claim.statementFrom == CalendarDate(year: 2026, month: 10, day: 5))
    #expect(claim.received == CalendarDate(year: 2026, month: 10, day: 12))
    #expect(claim.amounts == [QualifiedAmount(qualifier: "AU", amount: 170)])
    let line = try #require(claim.lines.first)
    #expect(line.procedure == ProcedureCode(code: "29881", modifiers: ["RT", "59"]))
    #expect(line.revenueCode == "0360")
    #expect(line.units == 1 && line.submittedUnits == 2)
    #expect(line.serviceFrom == CalendarDate(year: 2026, month: 10, day: 5))
    #expect(line.lineControlNumber == "L1")
    #expect(line.remarks == ["N130"])
    #expect(line.amounts == [QualifiedAmount(qualifier: "B6", amount: 170)])
    #expect(claim.denial == nil)
  }

  /// A file that ends inside a claim (mid-segment, or between segments before the SE) leaves
  /// that claim out with PB623 at its CLP, since lines or adjustments may be missing; the claims
  /// before it are kept. The three read paths agree.
  @Test func aClaimTheFileEndsInsideIsLeftOut() throws {
    let body =
      Fixture.header() + [
        "CLP*K1*4*100.00*0**MB*N1*11*1", "CAS*CO*50*100.00",
        "CLP*K2*4*300.00*0**MB*N2*11*1", "SVC*HC:99213*100.00*0**1", "CAS*CO*50*100.00",
        "SVC*HC:99214*200.00*0**1", "CAS*CO*50*200.00",
      ]
    let text = Fixture.interchange([body])
    let cutAt = text.range(of: "SVC*HC:99214")!.upperBound
    let midSegment = String(text[..<cutAt])
    let atBoundary = String(text[..<text.range(of: "SE*")!.lowerBound])
    for (name, cut) in [("mid-segment", midSegment), ("between segments", atBoundary)] {
      let bytes = Fixture.bytes(cut)
      let whole = RemittanceReader.read(path: "t.835", bytes: bytes)
      let claims = whole.remittances.flatMap(\.claims)
      #expect(claims.map(\.patientControlNumber) == ["K1"], "\(name)")
      let incomplete = whole.diagnostics.filter { $0.code == .x12IncompleteClaim }
      #expect(incomplete.count == 1, "\(name)")
      #expect(
        incomplete.first?.message.contains("claim at segment 12") == true, "\(name): \(incomplete)")
      var streamed: [String] = []
      _ = RemittanceReader.stream(X12Reader(path: "t.835", bytes: bytes)) { claim, _ in
        streamed.append(claim.patientControlNumber)
      }
      #expect(streamed == ["K1"], "\(name)")
      var denied: [String] = []
      let fast = RemittanceReader.denials(X12Reader(path: "t.835", bytes: bytes)) { claim, _ in
        denied.append(claim.patientControlNumber)
      }
      #expect(denied == ["K1"], "\(name)")
      #expect(fast.claims == 1, "\(name)")
      #expect(fast.diagnostics.map(\.message) == whole.diagnostics.map(\.message), "\(name)")
      // A claim cut short is not also reported as unbalanced.
      #expect(
        !whole.diagnostics.contains {
          $0.code == .x12UnbalancedClaim || $0.code == .x12UnbalancedLine
        }, "\(name)")
    }
    // Cut inside the segment that would have ended the last claim (`CLP*K3`, `LX*2`, `PLB*`):
    // that claim was complete and is kept.
    let complete = String(text[..<text.range(of: "SE*")!.lowerBound])
    for next in ["CLP*K3*4", "LX*2", "PLB*123"] {
      let bytes = Fixture.bytes(complete + next)
      let whole = RemittanceReader.read(path: "t.835", bytes: bytes)
      #expect(
        whole.remittances.flatMap(\.claims).map(\.patientControlNumber) == ["K1", "K2"], "\(next)")
      #expect(!whole.diagnostics.contains { $0.code == .x12IncompleteClaim }, "\(next)")
      var denied: [String] = []
      _ = RemittanceReader.denials(X12Reader(path: "t.835", bytes: bytes)) { claim, _ in
        denied.append(claim.patientControlNumber)
      }
      #expect(denied == ["K1", "K2"], "\(next)")
    }
    // `CL` could be the start of any segment: the claim before it is left out.
    let ambiguous = RemittanceReader.read(path: "t.835", bytes: Fixture.bytes(complete + "CL"))
    #expect(ambiguous.remittances.flatMap(\.claims).map(\.patientControlNumber) == ["K1"])
  }

  /// A valid CCYYMMDD far from any real service or payment (`11111111`) is kept and warned
  /// about: deadlines counted from it would be centuries off. The denial path reports it too.
  @Test func anImplausibleDateIsKeptAndWarnedAbout() throws {
    let body =
      Fixture.header() + ["CLP*D1*4*100.00*0**MB*N1*11*1", "DTM*232*11111111", "CAS*CO*50*100.00"]
    let bytes = Fixture.bytes(Fixture.interchange([body]))
    let whole = RemittanceReader.read(path: "t.835", bytes: bytes)
    let claim = try #require(whole.remittances.first?.claims.first)
    #expect(claim.statementFrom?.description == "1111-11-11")
    let warnings = whole.diagnostics.filter { $0.code == .x12InvalidDate }.map(\.message)
    #expect(warnings.count == 1, "\(warnings)")
    #expect(
      warnings.first?.hasSuffix(
        "`DTM02` is `11111111`, a date before 1900 or after 2199; kept as written") == true)
    let fast = RemittanceReader.readDenials(path: "t.835", bytes: bytes)
    #expect(fast.diagnostics.map(\.message) == whole.diagnostics.map(\.message))
    #expect(fast.denials.first?.claim == claim)
  }

  @Test func severalCASTripletsInOneSegment() throws {
    let body =
      Fixture.header() + [
        "CLP*PCN1*2*300*100*70*12*PCC1*11*1",
        "SVC*HC:99213*300*100**1", "CAS*PR*1*50**2*20*1*3*0.00",
        "CAS*CO*45*100*1*253*2.00*1*97*28.00",
      ]
    let result = read(body)
    let line = try #require(result.remittances.first?.claims.first?.lines.first)
    #expect(line.adjustments.map(\.key) == ["PR-1", "PR-2", "PR-3", "CO-45", "CO-253", "CO-97"])
    #expect(line.adjustments.map(\.amount) == [50, 20, 0, 100, 2, 28])
    #expect(line.adjustments[1].quantity == 1)
    #expect(line.adjustments[0].quantity == nil)
    #expect(result.diagnostics.isEmpty)  // 300 - 100 = 50 + 20 + 0 + 100 + 2 + 28: balanced
  }

  @Test func balancingWarnings() throws {
    let body =
      Fixture.header() + [
        "CLP*PCN1*1*100*60**12*PCC1*11*1", "SVC*HC:99213*100*60**1", "CAS*CO*45*30",
      ]
    let result = read(body)
    #expect(result.diagnostics.map(\.code.id) == ["PB617", "PB616"])
    #expect(
      result.diagnostics[0].message.contains(
        "line billed 100 minus paid 60 is 40.00 but its adjustments total 30.00"))
    #expect(result.diagnostics[0].severity == .warning)
  }

  @Test func denialRuleFullPartialRoutineAndPatientResponsibility() throws {
    let body =
      Fixture.header() + [
        // Denied by status 4.
        "CLP*DENY4*4*100*0**12*PCC1*11*1", "CAS*CO*16*100", "MOA***MA130",
        // Not paid, CO-50 on the line: denied.
        "CLP*DENY50*1*200*0**12*PCC2*11*1", "SVC*HC:97110:GP*200*0**1", "CAS*CO*50*200",
        "LQ*HE*N115",
        // Paid, one line CO-197 unpaid: partial.
        "CLP*PART*1*300*80**12*PCC3*11*1", "SVC*HC:99213*100*80**1", "CAS*CO*45*20",
        "SVC*HC:20610:LT*200*0**1", "CAS*CO*197*200", "LQ*HE*N54",
        // Not paid, all routine (deductible + contractual): not a denial.
        "CLP*DEDUCT*1*100*0*60*12*PCC4*11*1", "SVC*HC:99213*100*0**1", "CAS*PR*1*60",
        "CAS*CO*45*40",
        // Not paid with PR-29 only: patient responsibility is never a denial group.
        "CLP*PR29*1*100*0*100*12*PCC5*11*1", "SVC*HC:99213*100*0**1", "CAS*PR*29*100",
        // Sequestration on a paid claim.
        "CLP*SEQ*1*100*98**MB*PCC6*11*1", "CAS*CO*253*2",
      ]
    let claims = try #require(read(body).remittances.first?.claims)
    let byPCN = Dictionary(uniqueKeysWithValues: claims.map { ($0.patientControlNumber, $0) })
    #expect(
      byPCN["DENY4"]?.denial
        == Denial(
          kind: .denied, reasons: [Adjustment(group: "CO", reason: "16", amount: 100)],
          remarks: ["MA130"]))
    #expect(byPCN["DENY50"]?.denial?.kind == .denied)
    #expect(byPCN["DENY50"]?.denial?.reasons.map(\.key) == ["CO-50"])
    #expect(byPCN["DENY50"]?.denial?.remarks == ["N115"])
    #expect(byPCN["DENY50"]?.lines[0].denial?.kind == .denied)
    #expect(byPCN["PART"]?.denial?.kind == .partial)
    #expect(byPCN["PART"]?.lines.map { $0.denial?.kind } == [nil, .denied])
    #expect(byPCN["PART"]?.deniedLines.first?.procedure.code == "20610")
    #expect(byPCN["DEDUCT"]?.denial == nil)
    #expect(byPCN["PR29"]?.denial == nil)
    #expect(byPCN["SEQ"]?.denial == nil)
  }

  @Test func routineListIsData() throws {
    let body = Fixture.header() + ["CLP*P*1*100*0**12*PCC1*11*1", "CAS*CO*45*100"]
    var options = RemittanceReader.Options()
    #expect(try #require(read(body).remittances.first?.claims.first).denial == nil)
    options.denialRule = DenialRule(routine: ["PR-1"])
    let result = RemittanceReader.read(
      path: "t", bytes: Fixture.bytes(Fixture.interchange([body])), options: options)
    #expect(result.remittances.first?.claims.first?.denial?.reasons.map(\.key) == ["CO-45"])
  }

  @Test func reversalThenCorrectedPaymentIsNeverANewDenial() throws {
    let body =
      Fixture.header() + [
        // The original denial, then its reversal and the corrected payment (same CLP07).
        "CLP*PCN9*4*100*0**12*PCC900*11*1", "CAS*CO*16*100",
        "CLP*PCN9*22*-100*0**12*PCC900*11*8", "CAS*CO*16*-100",
        "CLP*PCN9*1*100*80**12*PCC900*11*7", "CAS*CO*45*20",
      ]
    let result = read(body)
    let remittance = try #require(result.remittances.first)
    #expect(remittance.claims.map(\.status) == ["4", "22", "1"])
    #expect(remittance.claims[0].reversedLater == true)
    #expect(remittance.claims[1].denial == nil)
    #expect(remittance.claims[1].isReversal)
    #expect(remittance.claims[2].reversedLater == nil)
    #expect(remittance.denials.isEmpty)
    #expect(result.diagnostics.isEmpty)
  }

  @Test func payerNameSpelledDifferentlyKeepsEachSpellingAndTheSameID() {
    let result = RemittanceReader.read(
      path: "t",
      bytes: Fixture.bytes(
        Fixture.interchange([
          Fixture.header(payer: "ACME HEALTH PLAN"), Fixture.header(payer: "Acme Health Plan Inc."),
        ])))
    #expect(result.remittances.map(\.payer.name) == ["ACME HEALTH PLAN", "Acme Health Plan Inc."])
    #expect(Set(result.remittances.compactMap(\.payer.id)) == ["60054"])
  }

  @Test func providerLevelAdjustments() throws {
    let body =
      Fixture.header() + [
        "CLP*P*1*100*100**12*PCC1*11*1", "PLB*1234567893*20261231*WO:PCC999*-25.00*L6*1.20",
      ]
    let r = try #require(read(body).remittances.first)
    #expect(r.providerAdjustments.count == 2)
    #expect(
      r.providerAdjustments[0].reason == "WO" && r.providerAdjustments[0].reference == "PCC999")
    #expect(r.providerAdjustments[0].amount == -25)
    #expect(
      r.providerAdjustments[1].reason == "L6"
        && r.providerAdjustments[1].amount == Decimal(string: "1.2"))
  }

  @Test func componentSeparatorMismatchIsSplitAndWarned() throws {
    let body = Fixture.header() + ["CLP*P*1*100*100**12*PCC1*11*1", "SVC*HC>12345>26*100*100**1"]
    let result = read(body)
    #expect(
      result.remittances.first?.claims.first?.lines.first?.procedure
        == ProcedureCode(code: "12345", modifiers: ["26"]))
    #expect(result.diagnostics.map(\.code.id) == ["PB618"])
  }

  @Test func unknownCodesAreKeptAndWarnedOnce() throws {
    var options = RemittanceReader.Options()
    options.isKnownCARC = { $0 != "Z9" }
    options.isKnownRARC = { $0 != "ZZ1" }
    let body =
      Fixture.header() + ["CLP*P*4*100*0**12*PCC1*11*1", "CAS*CO*Z9*50*1*Z9*50", "MOA***ZZ1"]
    let result = RemittanceReader.read(
      path: "t", bytes: Fixture.bytes(Fixture.interchange([body])), options: options)
    #expect(result.remittances.first?.claims.first?.adjustments.count == 2)
    #expect(result.diagnostics.map(\.code.id) == ["PB405", "PB406"])
  }

  @Test func diagnosticsNeverQuotePatientNamesOrMemberIDs() {
    let body =
      Fixture.header() + [
        "CLP*P*1*abc*100**12*PCC1*11*1", "NM1*QC*1*SECRETNAME*SECRETFIRST****MI*SECRETID",
        "SVC*HC:99213*100*1OO**1",
      ]
    let result = read(body)
    #expect(!result.diagnostics.isEmpty)
    for d in result.diagnostics {
      let text = DiagnosticRendererText.render(d)
      #expect(!text.contains("SECRET"))
    }
  }

  @Test func streamingGivesTheSameClaimsWithoutKeepingThem() throws {
    let body =
      Fixture.header() + ["CLP*A*4*10*0**12*P1*11*1", "CAS*CO*16*10", "CLP*B*1*10*10**12*P2*11*1"]
    let reader = X12Reader(path: "t", bytes: Fixture.bytes(Fixture.interchange([body])))
    var seen: [String] = []
    let result = RemittanceReader.stream(reader) { claim, header in
      seen.append(
        "\(claim.patientControlNumber):\(claim.denial?.kind.rawValue ?? "-"):\(header.payer.id ?? "")"
      )
    }
    #expect(seen == ["A:denied:60054", "B:-:60054"])
    #expect(result.remittances.first?.claims.isEmpty == true)
  }
}

enum DiagnosticRendererText {
  static func render(_ d: Diagnostic) -> String {
    DiagnosticRenderer.human(d) + DiagnosticRenderer.json([d])
  }
}

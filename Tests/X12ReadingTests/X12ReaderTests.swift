import Claims
import Diagnostics
import Foundation
import Testing

@testable import X12Reading

@Suite struct X12ReaderTests {
  func segments(_ text: String) -> (ids: [String], reader: X12Reader) {
    let reader = X12Reader(path: "t.835", bytes: Array(text.utf8))
    var ids: [String] = []
    reader.forEachSegment { ids.append($0.id.description) }
    return (ids, reader)
  }

  func codes(_ reader: X12Reader) -> [String] { reader.diagnostics.map(\.code.id) }

  @Test func anISAWithAnElementAfterISA16IsRefusedWithItsOwnMessage() {
    for extra in ["X", String(repeating: "Y", count: 200_000)] {
      let text =
        Fixture.isa().dropLast() + "*" + extra
        + "~\nGS*HP*A*B*20261101*1200*1*X*005010X221A1~\nGE*0*1~\nIEA*1*000000101~\n"
      let reader = X12Reader(path: "t.835", bytes: Array(text.utf8))
      reader.forEachSegment { _ in }
      let messages = reader.diagnostics.map(\.message)
      #expect(messages.first?.contains("the ISA has more than 16 elements") == true, "\(messages)")
      #expect(!messages.contains { $0.contains("bytes, not 106") }, "\(messages)")
      #expect(reader.diagnostics.first?.code == .x12BadDelimiters)
    }
    // ISA16 longer than one character, and an ISA without ISA16.
    let long =
      String(Fixture.isa().dropLast(2)) + ":EXTRA~\nGS*HP*A*B*20261101*1200*1*X*005010X221A1~\n"
    let short =
      Fixture.isa().components(separatedBy: "*").dropLast().joined(separator: "*")
      + "~\nGS*HP*A*B*20261101*1200*1*X*005010X221A1~\n"
    for (text, expected) in [
      (long, "ISA16 (the component separator) is longer than one character"),
      (short, "the ISA has fewer than 16 elements"),
    ] {
      let reader = X12Reader(path: "t.835", bytes: Array(text.utf8))
      reader.forEachSegment { _ in }
      let messages = reader.diagnostics.map(\.message)
      #expect(messages.first?.contains(expected) == true, "\(messages)")
      #expect(!messages.contains { $0.contains("not 106") }, "\(messages)")
    }
  }

  @Test func delimitersComeFromTheISA() {
    let text = Fixture.interchange(
      [["BPR*I*1*C*CHK"]], element: "|", component: ">", terminator: "'")
    let (ids, reader) = segments(text)
    #expect(ids == ["ISA", "GS", "ST", "BPR", "SE", "GE", "IEA"])
    #expect(
      reader.envelope.delimiters
        == Delimiters(element: 0x7C, component: 0x3E, segment: 0x27, repetition: 0x5E))
    #expect(reader.diagnostics.isEmpty)
  }

  @Test func twoInterchangesWithDifferentDelimitersAreEachReadWithTheirOwn() throws {
    let first = Fixture.interchange(
      [Fixture.header() + ["CLP*PCN1*1*100*80**12*PCC1*11*1", "CAS*CO*45*20"]], control: "000000001"
    )
    let second = Fixture.interchange(
      [Fixture.header() + ["CLP*PCN2*4*50*0**12*PCC2*11*1", "CAS*CO*16*50"]], element: "|",
      component: "^",
      terminator: "!", after: "\r\n", control: "000000002")
    let result = RemittanceReader.read(path: "two.835", bytes: Fixture.bytes(first + second))
    #expect(result.counts.interchanges == 2)
    #expect(
      result.remittances.map(\.envelope.interchangeControlNumber) == ["000000001", "000000002"])
    #expect(result.remittances.flatMap(\.claims).map(\.patientControlNumber) == ["PCN1", "PCN2"])
    #expect(
      result.remittances[1].claims[0].adjustments == [
        Adjustment(group: "CO", reason: "16", amount: 50)
      ])
    #expect(result.diagnostics.isEmpty)
  }

  @Test func newlineAsTheTerminator() {
    let text = Fixture.interchange(
      [Fixture.header() + ["CLP*PCN1*1*100*100**12*PCC1*11*1"]], terminator: "\n", after: "")
    let result = RemittanceReader.read(path: "nl.835", bytes: Fixture.bytes(text))
    #expect(result.remittances.count == 1)
    #expect(result.remittances[0].claims.map(\.paid) == [100])
    #expect(result.diagnostics.isEmpty)
  }

  @Test func crlfAfterNewlineTerminatorAndBOMAndIndentation() {
    var text = Fixture.interchange([Fixture.header()], terminator: "\n", after: "")
    text = text.replacingOccurrences(of: "\n", with: "\r\n").replacingOccurrences(
      of: "\r\nST", with: "\r\n    ST")
    let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array(text.utf8)
    let reader = X12Reader(path: "bom.835", bytes: bytes)
    var ids: [String] = []
    var lastElement = ""
    reader.forEachSegment { s in
      ids.append(s.id.description)
      if s.id.description == "ST" { lastElement = s[2].string }
    }
    #expect(ids.first == "ISA")
    #expect(lastElement == "0001")
    #expect(reader.diagnostics.isEmpty)
  }

  @Test func singleLineFileWithTA1AndSeveralGroups() {
    let isa = Fixture.isa()
    let text =
      isa + "TA1*000000101*261101*1200*A*000~"
      + "GS*HP*A*B*20261101*1200*1*X*005010X221A1~ST*835*0001~BPR*I*0*C*NON~SE*3*0001~GE*1*1~"
      + "GS*HP*A*B*20261101*1200*2*X*005010X221A1~ST*835*0002~BPR*I*0*C*NON~SE*3*0002~ST*835*0003~SE*2*0003~GE*2*2~"
      + "IEA*2*000000101~"
    let (_, reader) = segments(text)
    #expect(reader.counts.groups == 2)
    #expect(reader.counts.transactions == 3)
    #expect(reader.diagnostics.isEmpty)
  }

  @Test func fileCutOffMidSegmentPointsAtTheSegmentAndByte() throws {
    let full = Fixture.interchange([Fixture.header() + ["CLP*PCN1*1*100*100**12*PCC1*11*1"]])
    let cut = String(full.prefix(upTo: full.range(of: "CLP*PCN1*1*10")!.upperBound))
    let result = RemittanceReader.read(path: "cut.835", bytes: Fixture.bytes(cut))
    let truncated = try #require(result.diagnostics.first { $0.code == .x12Truncated })
    #expect(truncated.severity == .error)
    // ISA, GS, ST, 6 header segments, then CLP is segment 10.
    #expect(truncated.message.hasPrefix("segment 10 `CLP`"))
    #expect(
      truncated.span?.start.offset == Array(cut.utf8).count - Array("CLP*PCN1*1*10".utf8).count)
    #expect(truncated.span?.start.line == 10)
    #expect(result.diagnostics.map(\.code.id).contains("PB610"))  // ST, GS, ISA left open
  }

  @Test func missingFinalTerminatorIsOnlyAWarning() {
    var text = Fixture.interchange([Fixture.header()], after: "")
    text.removeLast()
    let (_, reader) = segments(text)
    #expect(codes(reader) == ["PB605"])
  }

  @Test func spaceBeforeTheTerminatorIsWarnedOnce() {
    let text = Fixture.interchange([Fixture.header()]).replacingOccurrences(of: "~", with: " ~")
    let reader = X12Reader(path: "sp.835", bytes: Array(text.utf8))
    var control = ""
    reader.forEachSegment { if $0.id.description == "SE" { control = $0[2].string } }
    #expect(control == "0001")
    #expect(codes(reader) == ["PB606"])
  }

  @Test func isaThatIsNotFixedWidthIsReadWithAWarning() {
    let text = Fixture.interchange([Fixture.header()]).replacingOccurrences(
      of: "PAYERSUBMIT    ", with: "PAYERSUBMIT")
    let (ids, reader) = segments(text)
    #expect(ids.count == 12)
    #expect(codes(reader) == ["PB602"])
    #expect(reader.diagnostics[0].message.contains("102 bytes"))
  }

  @Test func missingISAIsAnErrorButTheTransactionIsRead() {
    let text = "ST*835*0001~BPR*I*5*C*CHK~N1*PR*ACME~CLP*PCN1*1*5*5~SE*5*0001~"
    let result = RemittanceReader.read(path: "frag.835", bytes: Fixture.bytes(text))
    #expect(result.diagnostics.map(\.code.id) == ["PB601"])
    #expect(result.remittances.first?.claims.first?.paid == 5)
  }

  @Test func envelopeCountsAndControlNumbersAreChecked() {
    let text =
      Fixture.isa(control: "000000007")
      + "\nGS*HP*A*B*20261101*1200*5*X*005010X221A1~\nST*835*0001~\nBPR*I*0*C*NON~\nSE*9*0002~\nGE*3*6~\nIEA*2*000000008~\n"
    let (_, reader) = segments(text)
    let found = reader.diagnostics.map { "\($0.code.id) \($0.span?.start.line ?? 0)" }
    #expect(found == ["PB607 5", "PB608 5", "PB609 6", "PB608 6", "PB609 7", "PB608 7"])
    // The SE01 diagnostic points at the element, byte-exact.
    let se = reader.diagnostics[0]
    #expect(se.span?.start.column == 4)
    #expect(
      se.message
        == "segment 5 `SE`: `SE01` is `9` but the transaction has 3 segments from `ST` to `SE`")
  }

  @Test func segmentsOutsideEnvelopesAndUnclosedHeadersAreReported() {
    let text =
      Fixture.isa()
      + "GS*HP*A*B*20261101*1200*1*X*005010X221A1~ST*835*0001~ST*835*0002~SE*2*0002~BPR*I~GE*2*1~IEA*1*000000101~"
    let (_, reader) = segments(text)
    #expect(codes(reader) == ["PB610", "PB610"])
  }

  @Test func repetitionSeparatorOnlyFrom00402() {
    let old = X12Reader(
      path: "a",
      bytes: Array((Fixture.isa(repetition: "U", version: "00401") + "IEA*0*000000101~").utf8))
    old.forEachSegment { _ in }
    #expect(old.envelope.delimiters?.repetition == nil)
    let new = X12Reader(path: "b", bytes: Array((Fixture.isa() + "IEA*0*000000101~").utf8))
    new.forEachSegment { _ in }
    #expect(new.envelope.delimiters?.repetition == UInt8(ascii: "^"))
  }

  @Test func unusableDelimitersStopWithADiagnostic() {
    let (ids, reader) = segments(Fixture.isa(component: "*") + "GS*HP~")
    #expect(ids.isEmpty)
    #expect(codes(reader) == ["PB603"])
  }

  @Test func garbageNeverCrashes() {
    let inputs: [[UInt8]] = [
      [], [0xEF, 0xBB, 0xBF], Array("ISA".utf8), Array("ISA*".utf8), Array("~~~~".utf8),
      Array("\n\n\r\n".utf8),
      Array(Fixture.isa().prefix(50).utf8),
      (0..<2000).map { UInt8(truncatingIfNeeded: $0 &* 7919) },
      Array((Fixture.isa() + "CLP*X*1*abc*1e5~SVC*~CAS*CO*45~PLB~SE*x~").utf8),
    ]
    for input in inputs {
      let remit = RemittanceReader.read(path: "g", bytes: input)
      let claim = ClaimReader.read(path: "g", bytes: input)
      #expect(remit.remittances.count <= 1)
      #expect(claim.cases.count <= 1)
    }
  }

  @Test func bigFileIsReadInChunksAcrossBufferBoundaries() throws {
    var body = Fixture.header()
    for i in 0..<3000 {
      body += [
        "CLP*PCN\(i)*1*100.00*60.00*10*12*PCC\(i)*11*1", "SVC*HC:99213:25*100*60**1",
        "CAS*CO*45*30", "CAS*PR*2*10",
      ]
    }
    let text = Fixture.interchange([body])
    let url = FileManager.default.temporaryDirectory.appendingPathComponent(
      "x12-chunks-\(UUID().uuidString).835")
    try Data(text.utf8).write(to: url)
    defer { try? FileManager.default.removeItem(at: url) }
    let reader = try X12Reader(path: url.path, chunkSize: 4096)
    let result = RemittanceReader.read(reader, options: .init())
    #expect(result.remittances[0].claims.count == 3000)
    #expect(
      result.remittances[0].claims[2999].lines[0].procedure
        == ProcedureCode(code: "99213", modifiers: ["25"]))
    #expect(result.diagnostics.isEmpty)
    #expect(result.counts.bytes == text.utf8.count)
  }

  @Test func numbersParseExactly() {
    func parse(_ s: String) -> Decimal? {
      Array(s.utf8).withUnsafeBufferPointer { b in
        if case .value(let d, _) = NumberParse.parse(b) { return d }
        return nil
      }
    }
    #expect(parse("125.00") == Decimal(string: "125"))
    #expect(parse("-42.58") == Decimal(string: "-42.58"))
    #expect(parse(".5") == Decimal(string: "0.5"))
    #expect(parse("12345678901234567890.12") == Decimal(string: "12345678901234567890.12"))
    #expect(parse("1e5") == nil)
    #expect(parse("-") == nil)
    #expect(parse("1.2.3") == nil)
  }
}

import Claims
import Diagnostics
import Foundation
import Testing

@testable import X12Reading

/// The denial path (`RemittanceReader.denials`) must hand over exactly the claims, field for
/// field, that the full stream gives with a denial, with the same diagnostics.
@Suite struct DenialScannerTests {
  struct Collected {
    var claims: [ClaimPayment] = []
    var headers: [Remittance] = []
    var diagnostics: [String] = []
    var remittances: [Remittance] = []
  }

  static func viaStream(
    _ bytes: [UInt8], options: RemittanceReader.Options, keep: (ClaimPayment) -> Bool
  ) -> (Collected, Int) {
    var c = Collected()
    var all = 0
    let reader = X12Reader(path: "t.835", bytes: bytes)
    let result = RemittanceReader.stream(reader, options: options) { claim, header in
      all += 1
      if keep(claim) {
        c.claims.append(claim)
        c.headers.append(header)
      }
    }
    c.diagnostics = result.diagnostics.map { "\($0)" }
    c.remittances = result.remittances
    return (c, all)
  }

  static func viaDenials(
    _ bytes: [UInt8], options: RemittanceReader.Options,
    selection: RemittanceReader.DenialSelection = .init()
  ) -> (Collected, RemittanceReader.DenialScanResult) {
    var c = Collected()
    let reader = X12Reader(path: "t.835", bytes: bytes)
    let result = RemittanceReader.denials(reader, options: options, selection: selection) {
      claim, header in
      c.claims.append(claim)
      c.headers.append(header)
    }
    c.diagnostics = result.diagnostics.map { "\($0)" }
    c.remittances = result.remittances
    return (c, result)
  }

  /// Compares both paths on one file; returns the number of denials.
  @discardableResult
  static func compare(_ bytes: [UInt8], name: String, options: RemittanceReader.Options = .init())
    -> Int
  {
    let (full, all) = viaStream(bytes, options: options) { $0.denial != nil }
    let (fast, result) = viaDenials(bytes, options: options)
    #expect(result.claims == all, "\(name): claims counted")
    #expect(fast.claims.count == full.claims.count, "\(name): number of denials")
    for (a, b) in zip(fast.claims, full.claims) {
      #expect(a == b, "\(name): claim \(b.patientControlNumber) at segment \(b.segmentNumber)")
    }
    #expect(fast.headers == full.headers, "\(name): transaction headers")
    #expect(fast.remittances == full.remittances, "\(name): transactions")
    #expect(fast.diagnostics == full.diagnostics, "\(name): diagnostics")
    // Reversals on request.
    let (fullR, _) = viaStream(bytes, options: options) { $0.denial != nil || $0.isReversal }
    let (fastR, _) = viaDenials(bytes, options: options, selection: .init(reversals: true))
    #expect(fastR.claims == fullR.claims, "\(name): denials and reversals")
    // Watched claims: every 7th account and every 5th payer claim number.
    let (everything, _) = viaStream(bytes, options: options) { _ in true }
    let accounts = Set(
      everything.claims.enumerated().filter { $0.offset % 7 == 0 }.map {
        $0.element.patientControlNumber
      })
    let numbers = Set(
      everything.claims.enumerated().filter { $0.offset % 5 == 3 }.compactMap {
        $0.element.payerClaimControlNumber
      })
    let (fullW, _) = viaStream(bytes, options: options) {
      $0.denial != nil || accounts.contains($0.patientControlNumber)
        || $0.payerClaimControlNumber.map(numbers.contains) == true
    }
    let (fastW, _) = viaDenials(
      bytes, options: options,
      selection: .init(watch: ClaimWatch(accounts: accounts, payerClaimNumbers: numbers)))
    #expect(fastW.claims == fullW.claims, "\(name): denials and watched claims")
    return full.claims.count
  }

  static func gen835(_ claims: Int, seed: Int) -> [UInt8]? {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
    let script = root.deletingLastPathComponent().appendingPathComponent("shared/tools/gen835.py")
    guard FileManager.default.fileExists(atPath: script.path) else { return nil }
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = ["python3", script.path, "\(claims)", "\(seed)"]
    let pipe = Pipe()
    p.standardOutput = pipe
    guard (try? p.run()) != nil else { return nil }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return p.terminationStatus == 0 ? [UInt8](data) : nil
  }

  @Test func corpusFilesGiveTheSameDenials() throws {
    let files = CorpusConformanceTests.files("835")
    guard !files.isEmpty else {
      print(
        "SKIP denial-path differential test on the corpus: ../shared/corpus not found and PAYERBOOK_CORPUS not set"
      )
      return
    }
    for url in files {
      let bytes = [UInt8](try Data(contentsOf: url))
      Self.compare(bytes, name: url.lastPathComponent)
    }
  }

  @Test func generatedFilesGiveTheSameDenials() throws {
    var ran = 0
    for seed in [1, 2, 3, 42] {
      guard let bytes = Self.gen835(2000, seed: seed) else {
        print(
          "SKIP denial-path differential test on generated files: ../shared/tools/gen835.py or python3 not found"
        )
        return
      }
      let denials = Self.compare(bytes, name: "gen835 seed \(seed)")
      #expect(denials > 0)
      // The routine list is data: with none, CO-45 write-downs become denial reasons too.
      Self.compare(
        bytes, name: "gen835 seed \(seed), no routine",
        options: .init(denialRule: DenialRule(routine: [])))
      Self.compare(
        bytes, name: "gen835 seed \(seed), no balancing", options: .init(checkBalancing: false))
      ran += 1
    }
    #expect(ran == 4)
  }

  /// Odd claims: every kind of problem the full reader reports inside a claim, and shapes that
  /// must not confuse the filter.
  @Test func oddClaimsGiveTheSameDenialsAndDiagnostics() {
    var body = Fixture.header()
    let claims: [[String]] = [
      // Paid, routine: skipped by the filter.
      ["CLP*A1*1*100.00*80.00**MB*N1*11*1", "SVC*HC:99213*100.00*80.00**1", "CAS*CO*45*20.00"],
      // Denied by status.
      ["CLP*A2*4*100.00*0**MB*N2*11*1", "SVC*HC:99213*100.00*0**1", "CAS*PR*1*100.00"],
      // Status with spaces, denial pair with spaces.
      ["CLP*A3* 4 *50.00*0**MB*N3*11*1", "CAS* CO *50 *50.00"],
      // Unknown CARC on a paid claim.
      ["CLP*A4*1*100.00*80.00**MB*N4*11*1", "CAS*CO*ZZ9*20.00"],
      // Unbalanced paid claim, unbalanced line.
      ["CLP*A5*1*100.00*80.00**MB*N5*11*1", "SVC*HC:99213*100.00*80.00**1", "CAS*CO*45*10.00"],
      // Inexact and malformed amounts.
      ["CLP*A6*1*100.001*80.00**MB*N6*11*1", "AMT*AU*1x"],
      ["CLP*A7*1*100.00*80.00*abc*MB*N7*11*1", "CAS*CO*45*20.00"],
      // Empty CLP01, empty CLP02, missing amounts.
      ["CLP**1*100.00*100.00**MB*N8*11*1"], ["CLP*A9**100.00*100.00**MB*N9*11*1"],
      ["CLP*A10*1*****MB*N10*11*1"],
      // Bad date, misplaced LQ, LQ of another kind, unknown RARC in MOA and LQ.
      ["CLP*A11*1*100.00*100.00**MB*N11*11*1", "DTM*232*2026130"],
      ["CLP*A12*1*100.00*100.00**MB*N12*11*1", "LQ*HE*N115"],
      ["CLP*A13*1*100.00*100.00**MB*N13*11*1", "SVC*HC:99213*100.00*100.00**1", "LQ*ZZ*N115"],
      [
        "CLP*A14*1*100.00*100.00**MB*N14*11*1", "MOA***QQ99", "SVC*HC:99213*100.00*100.00**1",
        "LQ*HE*QQ98",
      ],
      // Composite with another separator; no procedure code; SVC06.
      ["CLP*A15*1*100.00*100.00**MB*N15*11*1", "SVC*HC>99213*100.00*100.00**1"],
      ["CLP*A16*1*100.00*100.00**MB*N16*11*1", "SVC*HC:*100.00*100.00**1"],
      ["CLP*A17*1*100.00*100.00**MB*N17*11*1", "SVC*HC:99214*100.00*100.00**1*HC:99213*1"],
      // Empty CAS group; CAS with gaps and six triplets.
      ["CLP*A18*1*100.00*100.00**MB*N18*11*1", "CAS**45*0"],
      [
        "CLP*A19*1*100.00*40.00**MB*N19*11*1",
        "CAS*CO*45*10.00**45*0*1*253*10.00***45*0**253*0**45*40.00",
      ],
      // BPR inside a claim changes the header.
      ["CLP*A20*1*100.00*100.00**MB*N20*11*1", "BPR*I*999.00*C*CHK"],
      // Reversal with denial reasons: never a denial.
      ["CLP*A21*22*-100.00*0**MB*N1*11*8", "CAS*CO*50*-100.00"],
      // Paid claim with an unpaid line: partial denial.
      [
        "CLP*A22*1*200.00*100.00**MB*N22*11*1", "SVC*HC:99213*100.00*100.00**1",
        "SVC*HC:99214:25*100.00*0**1", "CAS*CO*97*100.00", "LQ*HE*M15",
      ],
      // Denial reason with zero amount only.
      ["CLP*A23*1*100.00*0**MB*N23*11*1", "CAS*CO*50*0*1*45*100.00"],
      // Other N1 inside a claim; unknown segments; names.
      [
        "CLP*A24*2*100.00*0**MB*N24*11*1", "N1*ZZ*SOMEONE", "QTY*ZK*1", "NM1*QC*1*DOE*PAT****MR*M1",
        "CAS*OA*18*100.00",
      ],
    ]
    for c in claims { body += c }
    body += [
      "PLB*1234567893*20261231*WO:PCC999*-25.00", "CLP*A25*4*10.00*0**MB*N25*11*1",
      "CAS*CO*16*10.00",
    ]
    let other =
      Fixture.header(payer: "OTHER PLAN", payerID: "77777") + [
        "CLP*B1*4*10.00*0**MB*M1*11*1", "CAS*CO*16*10.00",
      ]
    let text = Fixture.interchange([body, other, ["BHT*0019*00*1*20261101"]])
    let bytes = Fixture.bytes(text)
    let denials = Self.compare(bytes, name: "odd claims")
    #expect(denials >= 6)
    // A file cut off inside a claim.
    let cut = Array(bytes.prefix(text.utf8.count * 2 / 3))
    Self.compare(cut, name: "cut off")
    // Without the code lists.
    Self.compare(bytes, name: "no code lists", options: .init(isKnownCARC: nil, isKnownRARC: nil))
  }

  /// Read from a file in small chunks, with claim-lane windows so small that many claims do not
  /// fit (they go segment by segment) and others end right at a window's edge: the same denials
  /// and diagnostics as the full stream on the same bytes in memory.
  @Test func claimLaneWindowEdgesGiveTheSameDenials() throws {
    guard let bytes = Self.gen835(600, seed: 5) else {
      print("SKIP claim-lane window test: ../shared/tools/gen835.py or python3 not found")
      return
    }
    let url = FileManager.default.temporaryDirectory.appendingPathComponent(
      "lane-\(UUID().uuidString).835")
    try Data(bytes).write(to: url)
    defer { try? FileManager.default.removeItem(at: url) }
    let (full, all) = Self.viaStream(bytes, options: .init()) { $0.denial != nil }
    #expect(full.claims.count > 100)
    for window in [64, 300, 700, 1500, 1 << 16] {
      for chunk in [4096, 9973] {
        let reader = try X12Reader(path: url.path, chunkSize: chunk)
        reader.laneWindow = window
        var claims: [ClaimPayment] = []
        let result = RemittanceReader.denials(reader) { claim, _ in claims.append(claim) }
        #expect(result.claims == all, "window \(window), chunk \(chunk): claims counted")
        #expect(claims == full.claims, "window \(window), chunk \(chunk): denials")
        #expect(
          result.diagnostics.count == full.diagnostics.count,
          "window \(window), chunk \(chunk): diagnostics")
        #expect(result.counts.segments == bytes.filter { $0 == UInt8(ascii: "~") }.count)
      }
    }
  }

  /// Clean denied claims that use every segment and element the mapper maps inside a claim
  /// (MIA and MOA remarks, claim REF, AMT and all four claim dates, the three kinds of NM1,
  /// SVC04 to SVC07, DTM 150/151/472, CAS with several triplets and quantities, REF*6R and
  /// other line REFs, LQ*HE and LQ*RX, an N1 and an unknown segment inside the claim): the
  /// claim lane builds them itself, and must build what the mapper builds.
  @Test func theClaimLaneBuildsEverySegmentTheMapperMaps() {
    let body =
      Fixture.header() + [
        "CLP*RC1*4*400.00*0*0*MC*PRC1*11*1**123",
        "CAS*CO*50*100.00*1",
        "NM1*QC*1*DOE*JANE*Q***MI*M123", "NM1*IL*1*DOE*JOHN****MI*M999",
        "NM1*82*1*SURGEON*ANNE****XX*1234567893",
        "MIA*0****MA01", "MOA***MA130*N115",
        "REF*EA*MR12345", "REF*F8*ORIG1",
        "DTM*232*20261001", "DTM*233*20261002", "DTM*050*20261010", "DTM*036*20271231",
        "AMT*AU*400.00", "N1*ZZ*SOMEONE", "QTY*ZK*1",
        "SVC*HC:29881:RT:59*200.00*0*0450*1*HC:29880*2",
        "DTM*150*20261001", "DTM*151*20261002",
        "CAS*CO*197*150.00*1*45*50.00",
        "REF*6R*L1", "REF*LU*LOC1", "AMT*B6*0", "LQ*RX*N386",
        "NM1*82*1*OTHER*DOC****XX*1999999984",
        "MOA***N115",
        "SVC*HC:99213*100.00*0**1",
        "DTM*472*20261001", "CAS*OA*18*100.00", "LQ*HE*N115",
        // Paid with one unpaid line: a partial denial.
        "CLP*RC2*1*250.00*150.00*20.00*12*PRC2*11*1",
        "NM1*QC*1*ROE*RICK",
        "SVC*HC:99214:25*150.00*150.00**1", "DTM*472*20261003", "AMT*B6*150.00",
        "SVC*HC:97110:GP*100.00*0**2", "DTM*472*20261003", "CAS*CO*97*100.00", "REF*6R*L2",
        "LQ*HE*M15",
        // Paid in full: not built.
        "CLP*RC3*1*80.00*80.00**12*PRC3*11*1", "SVC*HC:99212*80.00*80.00**1",
      ]
    let bytes = Fixture.bytes(Fixture.interchange([body]))
    #expect(Self.compare(bytes, name: "rich clean claims") == 2)
    let (fast, result) = Self.viaDenials(bytes, options: .init())
    #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
    #expect(result.builtInLane == 2, "both denials built by the lane, not segment by segment")
    let rc1 = fast.claims.first { $0.patientControlNumber == "RC1" }
    #expect(rc1?.remarks == ["MA01", "MA130", "N115"])
    #expect(rc1?.lines.first?.submittedProcedure?.code == "29880")
    #expect(rc1?.lines.first?.procedure.modifiers == ["RT", "59"])
    #expect(rc1?.lines.first?.references.map(\.value) == ["LOC1"])
    #expect(rc1?.lines.first?.remarks == ["N386"])
    #expect(rc1?.renderingProvider?.last == "OTHER", "an NM1*82 inside a line replaces the claim's")
    #expect(rc1?.coverageExpiration?.description == "2027-12-31")
    #expect(fast.claims.last?.denial?.kind == .partial)
  }

  /// `readDenials` (what `payerbook appeal` reads 835s with) lists exactly the denials the whole
  /// read lists, with the same headers and diagnostics, reversals included: a reversal cancels
  /// the nearest earlier claim with its number even when that claim is paid.
  @Test func readDenialsListsWhatTheWholeReadLists() throws {
    var inputs: [(String, [UInt8])] = []
    for url in CorpusConformanceTests.files("835") {
      inputs.append((url.lastPathComponent, [UInt8](try Data(contentsOf: url))))
    }
    if let generated = Self.gen835(1500, seed: 7) { inputs.append(("gen835 seed 7", generated)) }
    let reversals =
      Fixture.header() + [
        // Denied, then paid on a corrected claim with the same number, then that payment reversed:
        // the denial stays.
        "CLP*R1*4*100.00*0**MB*N9*11*1", "CAS*CO*50*100.00",
        "CLP*R1*1*100.00*100.00**MB*N9*11*7",
        "CLP*R1*22*-100.00*-100.00**MB*N9*11*8",
        // Denied, then the denial reversed: it leaves the list.
        "CLP*R2*4*50.00*0**MB*N8*11*1", "CAS*CO*16*50.00",
        "CLP*R2*22*-50.00*0**MB*N8*11*8",
        // A reversal with no earlier claim, and a denial after it with its number: the denial stays.
        "CLP*R3*22*-10.00*0**MB*N7*11*8",
        "CLP*R3*4*10.00*0**MB*N7*11*1", "CAS*CO*16*10.00",
        // Two denials with one number, then two reversals: only the later denial is cancelled.
        "CLP*R4*4*20.00*0**MB*N6*11*1", "CAS*CO*16*20.00",
        "CLP*R5*4*30.00*0**MB*N6*11*1", "CAS*CO*16*30.00",
        "CLP*R5*22*-30.00*0**MB*N6*11*8", "CLP*R5*22*-30.00*0**MB*N6*11*8",
        // A number padded with spaces is the same number.
        "CLP*R6*4*40.00*0**MB* N5 *11*1", "CAS*CO*16*40.00", "CLP*R6*22*-40.00*0**MB*N5*11*8",
      ]
    inputs.append(("reversals", Fixture.bytes(Fixture.interchange([reversals]))))
    for (name, bytes) in inputs {
      let url = FileManager.default.temporaryDirectory.appendingPathComponent(
        "denials-\(UUID().uuidString).835")
      try Data(bytes).write(to: url)
      defer { try? FileManager.default.removeItem(at: url) }
      let whole = try RemittanceReader.read(path: url.path)
      let expected = whole.remittances.flatMap { r in r.denials.map { (claim: $0, payer: r.payer) }
      }
      let streamed = try RemittanceReader.readDenials(path: url.path)
      #expect(streamed.denials.map(\.claim) == expected.map(\.claim), "\(name): denials")
      #expect(streamed.denials.map(\.remittance.payer) == expected.map(\.payer), "\(name): headers")
      #expect(
        streamed.diagnostics.map { "\($0)" } == whole.diagnostics.map { "\($0)" },
        "\(name): diagnostics")
      if name == "reversals" {
        #expect(streamed.denials.map(\.claim.patientControlNumber) == ["R1", "R3", "R4"])
      }
      if name.hasPrefix("gen835") {
        #expect(
          bytes.count > 0 && String(decoding: bytes, as: UTF8.self).contains("*22*-"),
          "the generated file has reversals")
      }
    }
  }

  /// Generated files with random damage (bytes changed, deleted, doubled; segments cut, moved
  /// or repeated), seeded so that a failure can be replayed: the denial path, `readDenials` and
  /// the whole read agree on every one, diagnostics in the same order included.
  @Test func damagedFilesGiveTheSameDenialsOnEveryPath() throws {
    guard let clean = Self.gen835(40, seed: 17) else {
      print("SKIP damaged-file differential test: ../shared/tools/gen835.py or python3 not found")
      return
    }
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    func next(_ n: Int) -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int((state >> 33) % UInt64(max(n, 1)))
    }
    let alphabet = Array("*:~\n 0123456789.-ABCLPSV".utf8)
    for round in 0..<300 {
      var bytes = clean
      for _ in 0..<(1 + next(4)) {
        let at = next(bytes.count)
        switch next(5) {
        case 0: bytes[at] = alphabet[next(alphabet.count)]
        case 1: bytes.remove(at: at)
        case 2: bytes.insert(bytes[at], at: at)
        case 3: bytes.removeSubrange(at..<min(bytes.count, at + 1 + next(60)))
        default:
          let from = next(bytes.count)
          let piece = Array(bytes[from..<min(bytes.count, from + 1 + next(80))])
          bytes.insert(contentsOf: piece, at: at)
        }
      }
      let name = "damaged round \(round)"
      Self.compare(bytes, name: name)
      let whole = RemittanceReader.read(path: "t.835", bytes: bytes)
      let expected = whole.remittances.flatMap { r in r.denials.map { (claim: $0, payer: r.payer) }
      }
      let streamed = RemittanceReader.readDenials(path: "t.835", bytes: bytes)
      #expect(streamed.denials.map(\.claim) == expected.map(\.claim), "\(name): denials")
      #expect(streamed.denials.map(\.remittance.payer) == expected.map(\.payer), "\(name): headers")
      #expect(
        streamed.diagnostics.map { "\($0)" } == whole.diagnostics.map { "\($0)" },
        "\(name): diagnostics")
    }
  }

  /// A payer loop written after some claims still names the payer of those claims in
  /// `readDenials`, as in the whole read, and every path warns that it is out of place.
  @Test func aPayerLoopAfterClaimsStillNamesTheirPayer() {
    var body = Fixture.header()
    let payer = body.firstIndex { $0.hasPrefix("N1*PR") }!
    let loop = body.remove(at: payer)
    body += [
      "CLP*P1*4*100.00*0**MB*N1*11*1", "CAS*CO*50*100.00", loop, "CLP*P2*4*50.00*0**MB*N2*11*1",
      "CAS*CO*16*50.00",
    ]
    let bytes = Fixture.bytes(Fixture.interchange([body]))
    let streamed = RemittanceReader.readDenials(path: "t.835", bytes: bytes)
    #expect(
      streamed.denials.map(\.remittance.payer.name) == ["ACME HEALTH PLAN", "ACME HEALTH PLAN"])
    let whole = RemittanceReader.read(path: "t.835", bytes: bytes)
    #expect(
      whole.diagnostics.contains {
        $0.code == .x12SegmentOrder && $0.message.contains("`N1*PR` comes after claims")
      })
    #expect(streamed.diagnostics.map(\.message) == whole.diagnostics.map(\.message))
    Self.compare(bytes, name: "payer loop after claims")
  }

  @Test func onlyDeniedClaimsAreBuilt() throws {
    guard let bytes = Self.gen835(3000, seed: 9) else {
      print("SKIP: gen835.py not found")
      return
    }
    let (fast, result) = Self.viaDenials(bytes, options: .init())
    #expect(result.claims == 3000)
    #expect(result.built == fast.claims.count, "claims built beyond the denials")
  }
}

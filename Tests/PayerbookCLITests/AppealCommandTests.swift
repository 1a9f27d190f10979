import Foundation
import Testing

@testable import PayerbookCLI

@Suite struct AppealCommandTests {
  let remit = packageRoot + "/samples/remits/acme-health-2026-11.835"
  let claims = packageRoot + "/samples/claims/acme-health-2026-10.837"
  var playbooks: String { packageRoot + "/playbooks" }

  func clean(_ s: String) -> String { s.replacingOccurrences(of: packageRoot + "/", with: "") }

  @Test func sampleRemittanceWithClaimsGivesTheGoldenChecklists() {
    let (code, out, err) = run(
      "appeal", remit, "--claims", claims, "--today", "2026-12-03", "--playbooks", playbooks)
    #expect(code == 0, "\(err)")
    #expect(err.isEmpty)
    assertGolden("appeal-acme-sample.txt", clean(out))
  }

  @Test func jsonChecklistsCarryMatchesDueDatesAndProofs() throws {
    let (code, out, _) = run(
      "appeal", remit, "--claims", claims, "--today", "2026-12-03", "--playbooks", playbooks,
      "--format", "json")
    #expect(code == 0)
    let root = try #require(
      try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any])
    let list = try #require(root["checklists"] as? [[String: Any]])
    // ACC1005 is paid with a routine CO-45 write-down: no checklist.
    #expect(
      list.compactMap { ($0["claim"] as? [String: Any])?["patient_control_number"] as? String } == [
        "ACC1001", "ACC1002", "ACC1003", "ACC1004",
      ])
    let first = list[0]
    #expect((first["reason"] as? [String: Any])?["id"] as? String == "knee-arthroscopy-necessity")
    let level = try #require(first["level"] as? [String: Any])
    let due = try #require(level["due"] as? [String: Any])
    #expect(due["date"] as? String == "2027-05-19")
    #expect(due["days_left"] as? Int == 167)
    let proofs = try #require(first["proofs"] as? [[String: Any]])
    #expect(
      proofs.filter { $0["on_file"] as? Bool == true }.compactMap { $0["id"] as? String } == [
        "op_note"
      ])
    #expect(list[2]["unplaybooked"] != nil)
    #expect(list[3]["action"] as? String == "correct_and_resubmit")
    // Patient names in the 835 (NM1*QC) never reach the output.
    #expect(!out.contains("SAMPLE"))
  }

  @Test func withoutTheClaimsDiagnosesAreUnknownAndExplainSaysSo() {
    let (code, out, _) = run(
      "appeal", remit, "--today", "2026-12-03", "--playbooks", playbooks, "--explain")
    #expect(code == 0)
    #expect(out.contains("commercial-medical-necessity"))
    #expect(
      out.contains(
        "diagnoses unknown (the remittance has none; give the original claim with --claims)"))
  }

  @Test func outWritesOneFilePerClaim() throws {
    let dir = NSTemporaryDirectory() + "pb-out-\(UUID().uuidString)"
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let (code, _, err) = run(
      "appeal", remit, "--claims", claims, "--today", "2026-12-03", "--playbooks", playbooks,
      "--format", "markdown", "--out", dir)
    #expect(code == 0)
    #expect(err == "wrote 4 checklists to \(dir)\n")
    let files = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
    #expect(files == ["ACC1001.md", "ACC1002.md", "ACC1003.md", "ACC1004.md"])
  }

  @Test func badInputsGiveClearErrorsAndExitCodes() {
    let (code, _, err) = run("appeal", "/nonexistent.835", "--playbooks", playbooks)
    #expect(code == 2)
    #expect(err.contains("error[PB001]: cannot read `/nonexistent.835`"))
    let (code2, _, err2) = run("appeal", remit, "--today", "2026-13-01", "--playbooks", playbooks)
    #expect(code2 == 2)
    #expect(err2.contains("`--today` must be a date written YYYY-MM-DD, not `2026-13-01`"))
    let (code3, _, err3) = run("appeal", playbooks + "/acme-health.yaml", "--playbooks", playbooks)
    #expect(code3 == 2)
    #expect(err3.contains("is neither X12 (starting with ISA) nor JSON"))
    // The wrong kind of X12 file is an error, not "nothing found".
    let (code4, _, err4) = run("appeal", claims, "--today", "2026-12-03", "--playbooks", playbooks)
    #expect(code4 == 1)
    #expect(err4.contains("error[PB620]: `\(claims)` holds no 835 transaction"), "\(err4)")
    let (code5, _, err5) = run("check", remit, "--today", "2026-12-03", "--playbooks", playbooks)
    #expect(code5 == 1)
    #expect(err5.contains("error[PB620]: `\(remit)` holds no 837 transaction"), "\(err5)")
  }

  /// Inputs that are not plain files, and files that start oddly, give what the plain file
  /// gives: a FIFO and `/dev/stdin` are read once (they cannot be opened twice), a file with
  /// more white space before `ISA` than one read chunk is still an 835, and an empty file is
  /// named as neither X12 nor JSON.
  @Test func pipesFIFOsAndLeadingWhiteSpaceReadAsThePlainFile() throws {
    let folder = StoreFolder()
    let expected = run(
      "appeal", remit, "--today", "2026-12-03", "--playbooks", playbooks, "--format", "json")
    #expect(expected.0 == 0)
    let sample = try Data(contentsOf: URL(fileURLWithPath: remit))

    let padded = folder.file("padded.835")
    try (Data(repeating: 0x0A, count: 70_000) + sample).write(to: URL(fileURLWithPath: padded))
    let fromPadded = run(
      "appeal", padded, "--today", "2026-12-03", "--playbooks", playbooks, "--format", "json")
    #expect(fromPadded.0 == 0, "\(fromPadded.2)")
    #expect(fromPadded.1 == expected.1.replacingOccurrences(of: remit, with: padded))

    let fifo = folder.file("remit.fifo")
    #expect(mkfifo(fifo, 0o600) == 0)
    let writer = Process()
    writer.executableURL = URL(fileURLWithPath: "/bin/sh")
    writer.arguments = ["-c", "cat '\(remit)' > '\(fifo)'"]
    try writer.run()
    let fromFIFO = run(
      "appeal", fifo, "--today", "2026-12-03", "--playbooks", playbooks, "--format", "json")
    writer.waitUntilExit()
    #expect(fromFIFO.0 == 0, "\(fromFIFO.2)")
    #expect(fromFIFO.1 == expected.1.replacingOccurrences(of: remit, with: fifo))

    if let binary = payerbookBinary {
      let (dashCode, dashOut, _) = try shell(
        "'\(binary)' appeal - --today 2026-12-03 --playbooks '\(playbooks)' --format json < '\(remit)'",
        folder: folder)
      #expect(dashCode == 0)
      #expect(dashOut == expected.1.replacingOccurrences(of: remit, with: "/dev/stdin"))
      // `remit -` and `claim -` read standard input too.
      let (remitCode, remitOut, _) = try shell(
        "cat '\(remit)' | '\(binary)' remit -", folder: folder)
      #expect(remitCode == 0)
      #expect(remitOut.hasPrefix("/dev/stdin: 1 remittance, 5 claims"), "\(remitOut)")
      let (claimCode, claimOut, _) = try shell(
        "cat '\(claims)' | '\(binary)' claim -", folder: folder)
      #expect(claimCode == 0)
      #expect(claimOut.hasPrefix("/dev/stdin: 4 claims"), "\(claimOut)")
      let (code, out, err) = try shell(
        "cat '\(remit)' | '\(binary)' appeal /dev/stdin --today 2026-12-03 --playbooks '\(playbooks)' --format json",
        folder: folder)
      #expect(code == 0, "\(err)")
      #expect(out == expected.1.replacingOccurrences(of: remit, with: "/dev/stdin"))
    } else {
      print("SKIP /dev/stdin check: the payerbook executable was not found next to the tests")
    }

    // The original claims through a FIFO too (`--claims <(...)`).
    let claimsFIFO = folder.file("claims.fifo")
    #expect(mkfifo(claimsFIFO, 0o600) == 0)
    let claimsWriter = Process()
    claimsWriter.executableURL = URL(fileURLWithPath: "/bin/sh")
    claimsWriter.arguments = ["-c", "cat '\(claims)' > '\(claimsFIFO)'"]
    try claimsWriter.run()
    let withClaims = run(
      "appeal", remit, "--claims", claimsFIFO, "--today", "2026-12-03", "--playbooks", playbooks)
    claimsWriter.waitUntilExit()
    let withClaimsFile = run(
      "appeal", remit, "--claims", claims, "--today", "2026-12-03", "--playbooks", playbooks)
    #expect(withClaims.0 == 0, "\(withClaims.2)")
    #expect(withClaims.1 == withClaimsFile.1)

    let empty = folder.file("empty.835")
    FileManager.default.createFile(atPath: empty, contents: Data())
    let fromEmpty = run("appeal", empty, "--today", "2026-12-03", "--playbooks", playbooks)
    #expect(fromEmpty.0 == 2)
    #expect(fromEmpty.2.contains("is neither X12 (starting with ISA) nor JSON"), "\(fromEmpty.2)")
  }

  /// A payment date of 9999-12-31 (BPR16) puts every deadline past the last date there is: the
  /// checklists still print, due on the last day, instead of the program stopping on a trap.
  @Test func aPaymentDateAtTheEndOfTimeStillGivesChecklists() throws {
    let folder = StoreFolder()
    var text = try String(contentsOfFile: remit, encoding: .utf8)
    let bpr = try #require(text.range(of: #"BPR\*[^~]*"#, options: .regularExpression))
    var elements = text[bpr].split(separator: "*", omittingEmptySubsequences: false).map(
      String.init)
    while elements.count < 17 { elements.append("") }
    elements[16] = "99991231"
    text.replaceSubrange(bpr, with: elements.joined(separator: "*"))
    let path = folder.file("end-of-time.835")
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    let (code, out, err) = run("appeal", path, "--today", "2026-12-03", "--playbooks", playbooks)
    #expect(code == 0, "\(err)")
    #expect(out.contains("9999-12-31"))
  }

  @Test func denialJSONIsAccepted() throws {
    let dir = NSTemporaryDirectory() + "pb-denial-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let denial = """
      {"denials": [{"patient_control_number": "X1", "payer_id": "60054", "billed": 1450, "paid": 0,
        "adjustments": [{"group": "CO", "reason": "197", "amount": 1450}],
        "lines": [{"procedure": {"code": "72148"}, "billed": 1450, "paid": 0}],
        "remit_date": "2026-11-20"}]}
      """
    try Data(denial.utf8).write(to: URL(fileURLWithPath: dir + "/d.json"))
    let (code, out, err) = run(
      "appeal", dir + "/d.json", "--today", "2026-12-03", "--playbooks", playbooks, "--format",
      "json")
    #expect(code == 0, "\(err)")
    #expect(out.contains("\"id\" : \"lumbar-mri-no-authorization\""))
    try Data("{\"denials\": [{\"billed\": 1}]}".utf8).write(
      to: URL(fileURLWithPath: dir + "/bad.json"))
    let (code2, _, err2) = run("appeal", dir + "/bad.json", "--playbooks", playbooks)
    #expect(code2 == 1)
    #expect(
      err2.contains("error[PB702]: denial is missing `patient_control_number` at `denials[0]`"))
  }
}

@Suite struct CheckCommandTests {
  var playbooks: String { packageRoot + "/playbooks" }

  @Test func caseMissingALearnedProofFailsAndTheReadyOnePasses() {
    let failing = packageRoot + "/samples/cases/acme-knee-scope.json"
    let ready = packageRoot + "/samples/cases/acme-knee-scope-ready.json"
    let (code, out, _) = run(
      "check", failing, ready, "--today", "2026-12-03", "--playbooks", playbooks)
    #expect(code == 1)
    assertGolden("check-acme-sample.txt", out.replacingOccurrences(of: packageRoot + "/", with: ""))
    let (code2, out2, _) = run("check", ready, "--today", "2026-12-03", "--playbooks", playbooks)
    #expect(code2 == 0)
    #expect(out2.contains("ready to submit"))
  }
}

@Suite struct TestCommandTests {
  @Test func samplePlaybookTestsPass() {
    let (code, out, _) = run("test", "--playbooks", packageRoot + "/playbooks")
    #expect(code == 0, "\(out)")
    #expect(out.hasSuffix(" failed\n"))
    #expect(out.contains(" passed, 0 failed"))
  }
}

@Suite struct OutputSafetyTests {
  @Test func controlBytesFromAFileAreShownNotSentToTheTerminal() throws {
    let original = try String(
      contentsOfFile: packageRoot + "/samples/remits/acme-health-2026-11.835", encoding: .utf8)
    let hostile = original.replacingOccurrences(of: "REF*2U*60054", with: "REF*2U*60\u{1B}[2J054")
    let path = NSTemporaryDirectory() + "hostile-\(UUID().uuidString).835"
    try Data(hostile.utf8).write(to: URL(fileURLWithPath: path))
    defer { try? FileManager.default.removeItem(atPath: path) }
    let (_, out, _) = run(
      "appeal", path, "--today", "2026-12-03", "--playbooks", packageRoot + "/playbooks")
    #expect(!out.contains("\u{1B}"))
    #expect(out.contains("60\\u{1B}[2J054"))
    let (_, remit, _) = run("remit", path)
    #expect(!remit.contains("\u{1B}"))
  }

  /// Control bytes in a case file's account number are shown, not sent to the terminal, in
  /// every output format.
  @Test func controlBytesFromJSONAreShownNotSent() throws {
    let folder = StoreFolder()
    let path = folder.write(
      "ctrl.json",
      #"{"patient_control_number": "A\u0000\u001b[31mRED", "payer": {"id": "60054"}, "total_charge": 1, "diagnoses": ["M17.11"]}"#
    )
    for format in ["text", "markdown", "html"] {
      let (_, out, err) = run(
        "check", path, "--format", format, "--today", "2026-12-03", "--playbooks",
        packageRoot + "/playbooks")
      #expect(!out.contains("\u{1B}") && !out.contains("\u{0}"), "\(format)")
      #expect(!err.contains("\u{1B}"), "\(format)")
      #expect(out.contains("\\u{1B}"), "\(format): \(out.prefix(200))")
    }
  }

  /// Errors in case and denial JSON never show patient data: no source line (any line may hold
  /// a name or member id), and no value of the patient object in the message.
  @Test func jsonErrorsShowNoPatientData() throws {
    let folder = StoreFolder()
    let patient =
      #""patient": {"last_name": "ZEBRALAST", "first_name": "ZEBRAFIRST", "member_id": "ZMEMBER77", "birth_date": "ZEBRALAST-1"}"#
    let cases = [
      // A bad birth date (PB704), a number as a member id (PB703), a missing comma (PB701), cut off.
      "{\"patient_control_number\": \"A1\", \"payer\": {\"id\": \"60054\"}, \"total_charge\": 1, \(patient)}",
      "{\"patient_control_number\": \"A1\", \"total_charge\": 1, \"patient\": {\"last_name\": \"ZEBRALAST\", \"member_id\": 77}}",
      "{\"patient_control_number\": \"A1\",\n \(patient)\n \"total_charge\": 1}",
      "{\"patient_control_number\": \"A1\", \(patient.dropLast(2))",
    ]
    for (i, text) in cases.enumerated() {
      let path = folder.write("case-\(i).json", text)
      let (code, out, err) = run(
        "check", path, "--today", "2026-12-03", "--playbooks", packageRoot + "/playbooks")
      #expect(code != 0)
      #expect(err.contains("error[PB7"), "case \(i): \(err)")
      for secret in ["ZEBRALAST", "ZEBRAFIRST", "ZMEMBER77"] {
        #expect(!err.contains(secret) && !out.contains(secret), "case \(i) shows \(secret): \(err)")
      }
    }
    let denial = folder.write(
      "denial.json",
      "{\"denials\": [{\"patient_control_number\": \"A1\", \"patient_name\": \"ZEBRALAST\",\n \"billed\": 1e400}]}"
    )
    let (_, _, err) = run(
      "appeal", denial, "--today", "2026-12-03", "--playbooks", packageRoot + "/playbooks")
    #expect(err.contains("error[PB701]"))
    #expect(!err.contains("ZEBRALAST"), "\(err)")
  }
}

@Suite struct DenialJSONErrorTests {
  func write(_ text: String) throws -> String {
    let path = NSTemporaryDirectory() + "denial-\(UUID().uuidString).json"
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    return path
  }

  @Test func syntaxErrorsPointAtTheLineAndTypeErrorsSayWhatIsExpected() throws {
    let truncated = try write(
      "{\"patient_control_number\": \"X\",\n \"billed\": 12,\n \"remarks\": [}")
    let (code, _, err) = run("appeal", truncated, "--playbooks", packageRoot + "/playbooks")
    #expect(code == 1)
    #expect(err.hasPrefix("\(truncated):3:14: error[PB701]: the denial file is not valid JSON"))
    let typed = try write("{\"patient_control_number\": \"X\", \"billed\": \"12\"}")
    let (_, _, err2) = run("appeal", typed, "--playbooks", packageRoot + "/playbooks")
    #expect(err2.contains("error[PB703]: wrong kind of value at `billed`: expected a number"))
    let huge = try write("{\"patient_control_number\": \"X\", \"billed\": 1e400}")
    let (_, _, err3) = run("appeal", huge, "--playbooks", packageRoot + "/playbooks")
    #expect(
      err3.contains(
        ":1:43: error[PB701]: the denial file is not valid JSON: the number `1e400` does not fit in a decimal"
      ))
    let cut = try write("{\"denials\": [{\"patient_control_number\": \"X\", \"billed\": 12")
    let (code4, _, err4) = run("appeal", cut, "--playbooks", packageRoot + "/playbooks")
    #expect(code4 == 1)
    #expect(
      err4.contains(
        ":1:58: error[PB701]: the denial file is not valid JSON: the file ends before the JSON is complete"
      ), "\(err4)")
    #expect(err4.contains("help: it may have been cut off"))
    let tiny = try write("{\"denials\": [{\"patient_control_number\": \"X\", \"billed\": 1e-400}]}")
    let (code5, _, err5) = run("appeal", tiny, "--playbooks", packageRoot + "/playbooks")
    #expect(code5 == 1)
    #expect(
      err5.contains(
        ":1:56: error[PB701]: the denial file is not valid JSON: the number `1e-400` does not fit in a decimal"
      ), "\(err5)")
    for (text, message) in [
      ("[{\"patient_control_number\": \"X\"}]", "the denial file holds a bare list"),
      (
        "{\"denials\": {\"patient_control_number\": \"X\"}}",
        "`denials` must be a list of denial objects"
      ),
    ] {
      let (code, _, err) = run("appeal", try write(text), "--playbooks", packageRoot + "/playbooks")
      #expect(code == 1)
      #expect(err.contains("error[PB703]: \(message)"), "\(err)")
    }
  }
}

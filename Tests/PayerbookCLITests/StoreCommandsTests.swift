import Foundation
import Testing

/// worklist, outcome (and import) and stats on a database built from the samples.
@Suite struct StoreCommandsTests {
  func samples(_ f: StoreFolder) {
    #expect(store("ingest", f.db, Sample.all).0 == 0)
  }

  @Test func worklistCsvQuotesAndNeutralizesFormulas() throws {
    let f = StoreFolder()
    samples(f)
    let tricky = f.write("tricky.835", acme835(account: "=HYPERLINK(\"x\")", claimNumber: "A,B", billed: 500, paid: 0, date: "20261125"))
    let (code, _, err) = store("ingest", f.db, [tricky])
    #expect(code == 0, "\(err)")
    let csv = store("worklist", f.db, ["--format", "csv", "--payer", "acme-health", "--due-within", "200"]).1
    let lines = csv.split(separator: "\n").map(String.init)
    #expect(lines[0] == "account,payer_claim_number,payer,reason,denied,next_action,level,due,days_left,state")
    #expect(lines.contains("\"'=HYPERLINK(\"\"x\"\")\",\"A,B\",acme-health,commercial-medical-necessity,500,appeal,first-level-appeal,2027-05-24,172,open"), "\(csv)")
    #expect(lines.count == 6)
    // Filters: only the correct-and-resubmit denial is due within 60 days.
    let soon = store("worklist", f.db, ["--format", "csv", "--due-within", "60"]).1
    #expect(soon.split(separator: "\n").dropFirst().map { String($0.prefix(7)) } == ["ACC1004"])
    let mri = store("worklist", f.db, ["--format", "csv", "--reason", "lumbar-mri-no-authorization"]).1
    #expect(mri.split(separator: "\n").count == 2 && mri.contains("\nACC1002,"))
    let (bad, _, badErr) = store("worklist", f.db, ["--due-within", "soon"])
    #expect(bad == 2 && badErr.contains("`--due-within` must be a whole number, not `soon`"))
  }

  @Test func worklistFooterSaysWhenTheListIsCut() throws {
    let f = StoreFolder()
    samples(f)
    let text = store("worklist", f.db, ["--limit", "2"], today: "2027-01-20").1
    #expect(text.split(separator: "\n").count == 4)  // header, 2 rows, footer (blank lines are skipped)
    #expect(text.hasSuffix("the first 2 open denials (more match; raise --limit): $2,160.00 at stake on this page, 1 overdue (as of 2027-01-20)\n"), "\(text)")
  }

  @Test func worklistJsonAndText() throws {
    let f = StoreFolder()
    samples(f)
    #expect(store("appeal-sent", f.db, ["ACC1002", "--level", "first-level-appeal", "--proofs", "office_notes"]).0 == 0)
    let json = store("worklist", f.db, ["--format", "json"]).1
    let root = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    let items = try #require(root["worklist"] as? [[String: Any]])
    #expect(root["truncated"] as? Bool == false)
    #expect(items.compactMap { $0["account"] as? String } == ["ACC1004", "MCR2001", "ACC1001", "ACC1003", "ACC1002"])
    #expect(items[0]["next_action"] as? String == "correct_and_resubmit" && items[0]["days_left"] as? Int == 39 && items[0]["due"] as? String == "2027-01-11")
    #expect(items[4]["next_action"] as? String == "await decision" && items[4]["state"] as? String == "appealed")
    #expect(items[3]["reason"] == nil || items[3]["reason"] is NSNull)
    let text = store("worklist", f.db, [], today: "2027-01-20").1
    let lines = text.split(separator: "\n").map(String.init)
    #expect(lines[0].hasPrefix("Due         Days       Account  Payer"))
    #expect(lines[1].hasPrefix("2027-01-11  OVERDUE 9  ACC1004"))
    #expect(lines.last == "5 open denials, $6,650.00 at stake, 1 overdue (as of 2027-01-20)")
    #expect(lines[5].contains("await decision"))
  }

  @Test func impossibleAppealsAndOutcomesAreRefusedAndNothingIsRecorded() throws {
    let f = StoreFolder()
    samples(f)
    let (c1, _, e1) = store("appeal-sent", f.db, ["ACC1001", "--level", "first-levl-appeal", "--proofs", "lmn,bogus_proof", "--date", "2026-12-10"])
    #expect(c1 == 1)
    #expect(e1.contains("level `first-levl-appeal` is not an appeal level of `acme-health`"))
    #expect(e1.contains("did you mean `first-level-appeal`?"))
    #expect(e1.contains("proof `bogus_proof` is not defined in `acme-health`"))
    #expect(try RawDB(f.db).int("SELECT count(*) FROM appeals") == 0)
    #expect(store("appeal-sent", f.db, ["ACC1001", "--level", "first-level-appeal", "--proofs", "lmn", "--date", "2026-12-10"]).0 == 0)
    let (c2, _, e2) = store("outcome", f.db, ["ACC1001", "--result", "overturned", "--recovered", "99999", "--date", "2027-01-09"])
    #expect(c2 == 1)
    #expect(e2.contains("recovered 99999 is more than the 2800 denied"))
    let (c3, _, e3) = store("outcome", f.db, ["ACC1001", "--result", "overturned", "--recovered", "2800", "--date", "2026-12-01"])
    #expect(c3 == 1)
    #expect(e3.contains("date 2026-12-01 is before the appeal was sent (2026-12-10)"))
    #expect(store("outcome", f.db, ["ACC1001", "--result", "overturned", "--recovered", "2800", "--date", "2027-01-09"]).0 == 0)
    let (c4, _, e4) = store("outcome", f.db, ["ACC1001", "--result", "partial", "--recovered", "100", "--date", "2027-01-10"])
    #expect(c4 == 1)
    #expect(e4.contains("already has an outcome (overturned on 2027-01-09)"))
    #expect(try RawDB(f.db).int("SELECT count(*) FROM outcomes") == 1)
  }

  @Test func csvWithWrongFieldCountsOpenQuotesOrRepeatedClaimsIsRejected() throws {
    let f = StoreFolder()
    samples(f)
    let extra = f.write("extra.csv", "claim_ref,result,recovered,date\nACC1001,upheld,,2027-01-09,surprise\nACC1002,upheld,,2027-01-09\nACC1002,upheld,,2027-01-09\n")
    let (c1, _, e1) = store("outcome", f.db, ["import", extra])
    #expect(c1 == 1)
    #expect(e1.contains("row 2: error: 5 fields, but the header names 4"))
    #expect(e1.contains("row 4: error: claim `ACC1002` is already on row 3"))
    let open = f.write("open.csv", "claim_ref,result,note\nACC1001,upheld,\"never closed\n")
    let (c2, _, e2) = store("outcome", f.db, ["import", open])
    #expect(c2 == 1)
    #expect(e2.contains("row 2: error: a quoted field is never closed"))
    #expect(try RawDB(f.db).int("SELECT count(*) FROM outcomes") == 0)
  }

  @Test func outcomeImportRejectsAFileWithAnyBadRowAndImportsGoodFilesWhole() throws {
    let f = StoreFolder()
    samples(f)
    for ref in ["ACC1001", "ACC1002"] {
      #expect(store("appeal-sent", f.db, [ref, "--level", "first-level-appeal", "--proofs", "lmn", "--date", "2026-12-10", "--by", "R. Alvarez"]).0 == 0)
    }
    let bad = f.write("bad.csv", "claim_ref,result,recovered,date,note,untimely\nACC1001,overturned,2800,2027-01-09,,\nACC1002,won,,2027-01-10,,\nNOPE,upheld,,2027-01-10,,\nACC1003,upheld,5,2027-01-10,,\nACC1004,partial,12x,2027-13-01,,maybe\n")
    let (code, out, err) = store("outcome", f.db, ["import", bad])
    #expect(code == 1)
    #expect(out.isEmpty)
    #expect(err == """
      \(bad): row 3: error: result `won` is not one of overturned, partial, upheld, withdrawn
      \(bad): row 4: error: no stored denial for claim `NOPE`
      \(bad): row 5: error: an upheld appeal cannot have recovered 5
      \(bad): row 6: error: recovered `12x` is not an amount such as 1250.00; date `2027-13-01` is not a real calendar date; untimely `maybe` must be true or false
      payerbook: error: 4 bad rows; nothing was imported
        help: fix the rows above and import the file again

      """)
    #expect(try RawDB(f.db).int("SELECT count(*) FROM outcomes") == 0)
    let good = f.write("good.csv", "claim_ref,result,recovered,date,note\r\nACC1001,overturned,2800.00,2027-01-09,\"won, on P2P\"\r\nACM2611180002,partial,1000,2027-01-19,\r\n")
    let (c2, o2, e2) = store("outcome", f.db, ["import", good, "--by", "B. Chen"])
    #expect(c2 == 0, "\(e2)")
    #expect(o2 == "imported 2 outcomes from \(good)\n")
    let raw = try RawDB(f.db)
    #expect(try raw.text("SELECT group_concat(result || ':' || recovered_cents || ':' || source || ':' || coalesce(note, ''), '|') FROM outcomes") == "overturned:280000:import:won, on P2P|partial:100000:import:")
    #expect(try raw.text("SELECT group_concat(who || ':' || action, '|') FROM (SELECT * FROM audit_log WHERE action != 'ingest' ORDER BY id)")
      == "R. Alvarez:appeal-sent|R. Alvarez:appeal-sent|B. Chen:outcome|B. Chen:outcome")
    #expect(try raw.int("SELECT count(*) FROM audit_log WHERE action = 'ingest'") == 5)
    #expect(try raw.text("SELECT detail FROM audit_log WHERE action = 'outcome' ORDER BY id LIMIT 1") == "overturned, recovered 2800, 2027-01-09 (\(good))")
  }

  @Test func statsCountsDollarsRatesWilsonAndMedianDays() throws {
    let f = StoreFolder()
    samples(f)
    for ref in ["ACC1001", "ACC1002", "ACC1003", "ACC1004", "MCR2001"] {
      #expect(store("appeal-sent", f.db, [ref, "--level", ref.hasPrefix("MCR") ? "redetermination" : "first-level-appeal", "--proofs", "lmn", "--date", "2026-12-10"]).0 == 0)
    }
    for (ref, result, recovered, date) in [
      ("ACC1001", "overturned", "2800", "2027-01-09"), ("ACC1002", "partial", "1000", "2027-01-19"), ("ACC1003", "upheld", "", "2027-01-04"),
      ("ACC1004", "overturned", "260", "2026-12-30"), ("MCR2001", "upheld", "", "2027-02-08"),
    ] {
      var args = [ref, "--result", result, "--date", date]
      if !recovered.isEmpty { args += ["--recovered", recovered] }
      #expect(store("outcome", f.db, args).0 == 0)
    }
    let csv = store("stats", f.db, ["--format", "csv"]).1
    #expect(csv == """
      payer,denials,denied_amount,appealed,appeal_rate,decided,overturned,overturn_rate,overturn_low95,overturn_high95,recovered,median_days_to_decision
      acme-health,4,4750,4,1.0000,4,3,0.7500,0.3006,0.9544,4060,27.5
      medicare-part-b,1,1900,1,1.0000,1,0,0.0000,0.0000,0.7935,0,60.0

      """)
    let json = store("stats", f.db, ["--format", "json", "--by", "reason"]).1
    let root = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    let rows = try #require(root["rows"] as? [[String: Any]])
    let knee = try #require(rows.first { $0["reason"] as? String == "knee-arthroscopy-necessity" })
    #expect(knee["denials"] as? Int == 1 && (knee["recovered"] as? NSNumber)?.decimalValue == 2800 && knee["median_days_to_decision"] as? Double == 30)
    let text = store("stats", f.db, []).1
    #expect(text.contains("acme-health      4        $4,750.00  4 (100%)  4        3/4 75% (30%-95%)"), "\(text)")
    #expect(store("stats", f.db, ["--since", "2027-01-01"]).1 == "No denials stored since 2027-01-01.\n")
  }
}

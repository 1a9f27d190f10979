import Diagnostics
import Foundation
import Testing

@testable import Claims

@Suite struct CaseFileTests {
  static let example = """
    {
      "patient_control_number": "PCN-2001",
      "payer": {"name": "Acme Health Plan", "id": "60054"},
      "plan_type": "commercial",
      "filing_indicator": "CI",
      "place_of_service": "02",
      "frequency_code": "1",
      "total_charge": 410.50,
      "billing_npi": "1234567893",
      "rendering_npi": "1098765432",
      "diagnoses": ["M17.11", "M2322"],
      "lines": [
        {"procedure": {"code": "29881", "modifiers": ["RT"]}, "charge": 400.50, "units": 1,
         "service_from": "2026-10-05", "line_control_number": "L1", "diagnosis_pointers": [1, 2]},
        {"procedure": {"qualifier": "HC", "code": "99213"}, "charge": 10}
      ],
      "prior_authorization": {"number": "AUTH-1", "expires": "2026-12-31", "approved_procedures": ["29881"], "approved_units": 1},
      "original_claim_reference": "PCC-9",
      "attachments": [{"report_type": "OZ", "transmission_code": "EL"}],
      "notes": ["fake note"],
      "submission_date": "2026-11-02",
      "patient": {"last_name": "TESTPATIENT", "first_name": "ALEX", "member_id": "W000000001"}
    }
    """

  @Test func exampleDecodes() throws {
    let result = CaseFile.decode(path: "c.json", bytes: Array(Self.example.utf8))
    #expect(result.diagnostics.isEmpty)
    let c = try #require(result.cases.first)
    #expect(c.placeOfService == "02")
    #expect(c.totalCharge == Decimal(string: "410.50"))
    #expect(c.diagnoses.map(\.code) == ["M1711", "M2322"])
    #expect(c.diagnoses.map(\.display) == ["M17.11", "M23.22"])
    #expect(c.lines[0].serviceFrom == CalendarDate(year: 2026, month: 10, day: 5))
    #expect(c.lines[1].units == 1)
    #expect(c.lines[1].procedure.modifiers == [])
    #expect(c.priorAuthorization?.approvedProcedures == ["29881"])
    #expect(c.priorAuthorization?.expires == CalendarDate(year: 2026, month: 12, day: 31))
    #expect(c.masked.patient == CasePatient(lastName: "***", firstName: "***", memberID: "***"))
  }

  @Test func encodingUsesSnakeCaseAndDiagnosesWithoutDots() throws {
    let c = try #require(
      CaseFile.decode(path: "c.json", bytes: Array(Self.example.utf8)).cases.first)
    let text = String(decoding: try CaseFile.encode([c]), as: UTF8.self)
    #expect(text.contains("\"patient_control_number\" : \"PCN-2001\""))
    #expect(text.contains("\"M1711\""))
    #expect(text.contains("\"place_of_service\" : \"02\""))
    #expect(!text.contains("patientControlNumber"))
  }

  @Test func severalCasesInOneFile() {
    let text = "{\"cases\": [\(Self.example), \(Self.example)]}"
    #expect(CaseFile.decode(path: "c.json", bytes: Array(text.utf8)).cases.count == 2)
  }

  struct Bad: Sendable {
    var name: String
    var json: String
    var code: String
    var message: String
  }

  static let bad: [Bad] = [
    Bad(
      name: "syntax", json: "{\"patient_control_number\": ", code: "PB701",
      message: "the case file is not valid JSON: the file ends before the JSON is complete"),
    Bad(
      name: "bare list", json: "[{\"patient_control_number\": \"P\"}]", code: "PB703",
      message:
        "the case file holds a bare list; it must hold one case object or `{\"cases\": [...]}`"),
    Bad(
      name: "cases not a list", json: "{\"cases\": {\"patient_control_number\": \"P\"}}",
      code: "PB703",
      message: "`cases` must be a list of case objects"),
    Bad(
      name: "open quote", json: "{\"patient_control_number\": \"P,\n \"total_charge\": 1}",
      code: "PB701",
      message:
        "the case file is not valid JSON: a line break or tab inside a text value (unescaped control character around character 30)"
    ),
    Bad(
      name: "trailing comma", json: "{\"patient_control_number\": \"P\", \"total_charge\": 1,}",
      code: "PB701",
      message: "the case file is not valid JSON: a comma before `}`"),
    Bad(
      name: "duplicate key",
      json: "{\"patient_control_number\": \"P\", \"total_charge\": 1, \"total_charge\": 2}",
      code: "PB701",
      message: "the case file is not valid JSON: the key `total_charge` appears twice in one object"
    ),
    Bad(
      name: "tiny number", json: "{\"patient_control_number\": \"P\", \"total_charge\": 1e-400}",
      code: "PB701",
      message: "the case file is not valid JSON: the number `1e-400` does not fit in a decimal"),
    Bad(
      name: "long number",
      json:
        "{\"patient_control_number\": \"P\", \"total_charge\": 1234567890123456789012345678901234567890}",
      code: "PB701",
      message:
        "the case file is not valid JSON: the number `1234567890123456789012345678901234567890` does not fit in a decimal"
    ),
    Bad(
      name: "huge number", json: "{\"patient_control_number\": \"P\", \"total_charge\": 1e400}",
      code: "PB701",
      message: "the case file is not valid JSON: the number `1e400` does not fit in a decimal"),
    Bad(
      name: "missing", json: "{\"payer\": {}, \"total_charge\": 1}", code: "PB702",
      message: "missing required field `patient_control_number` in `case`"),
    Bad(
      name: "type", json: "{\"patient_control_number\": 5, \"payer\": {}, \"total_charge\": 1}",
      code: "PB703",
      message: "`patient_control_number` must be text"),
    Bad(
      name: "date",
      json:
        "{\"patient_control_number\": \"P\", \"payer\": {}, \"total_charge\": 1, \"submission_date\": \"11/02/2026\"}",
      code: "PB704",
      message: "`submission_date`: `11/02/2026` is not a calendar date written YYYY-MM-DD"),
    Bad(
      name: "pos",
      json:
        "{\"patient_control_number\": \"P\", \"payer\": {}, \"total_charge\": 1, \"place_of_service\": \"2\"}",
      code: "PB704",
      message:
        "`place_of_service`: `2` is not a two-digit place of service code (write `02`, not `2`)"),
    Bad(
      name: "unknown key",
      json: "{\"patient_control_number\": \"P\", \"payer\": {\"nme\": \"x\"}, \"total_charge\": 1}",
      code: "PB705", message: "unknown key `nme` in `payer`"),
  ]

  /// Commas and braces inside text, escaped quotes, the same key in different objects and
  /// nested lists are not taken for the two loose forms.
  @Test func textAndNestingAreNotMistakenForLooseJSON() {
    let json =
      #"{"cases": [{"patient_control_number": "A,}\"]1", "payer": {"id": "60054"}, "total_charge": 1, "diagnoses": ["M17.11", "M25.561"]}, {"patient_control_number": "A2", "payer": {"id": "60054"}, "total_charge": 2}]}"#
    let result = CaseFile.decode(path: "c.json", bytes: Array(json.utf8))
    #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
    #expect(result.cases.map(\.patientControlNumber) == ["A,}\"]1", "A2"])
  }

  @Test(arguments: bad.map(\.name)) func badCasesGiveOneDiagnostic(name: String) throws {
    let bad = try #require(Self.bad.first { $0.name == name })
    let result = CaseFile.decode(path: "c.json", bytes: Array(bad.json.utf8))
    #expect(result.diagnostics.map(\.code.id) == [bad.code])
    #expect(result.diagnostics.first?.message == bad.message)
    if bad.code == "PB701", bad.name == "tiny number" || bad.name == "long number" {
      #expect(result.diagnostics.first?.span?.start.offset == 48)
    } else if bad.code == "PB701", bad.name == "trailing comma" || bad.name == "duplicate key" {
      // At the comma, or at the second key.
      let expected =
        bad.name == "trailing comma"
        ? bad.json.utf8.count - 2 : bad.json.utf8.count - "\"total_charge\": 2}".utf8.count
      #expect(result.diagnostics.first?.span?.start.offset == expected)
    } else if bad.code == "PB701", bad.name == "open quote" {
      // At the line break inside the unclosed text.
      #expect(result.diagnostics.first?.span?.start.offset == 30)
    } else if bad.code == "PB701" {
      // Syntax errors say where: the end of the file, or the number that does not fit.
      let expected =
        bad.name == "syntax" ? bad.json.utf8.count : bad.json.utf8.count - "1e400}".utf8.count
      #expect(result.diagnostics.first?.span?.start.offset == expected)
    }
  }

  @Test func unknownKeySuggestsTheRightOne() throws {
    let json =
      "{\"patient_control_number\": \"P\", \"payer\": {}, \"total_charge\": 1, \"plan_typ\": \"x\"}"
    let d = try #require(CaseFile.decode(path: "c.json", bytes: Array(json.utf8)).diagnostics.first)
    #expect(d.help == "did you mean `plan_type`?")
    #expect(d.span?.start.column == 65)
  }
}

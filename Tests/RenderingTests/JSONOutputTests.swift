import Evaluation
import Foundation
import Rendering
import Testing

@Suite struct JSONOutputTests {
  static func schema(_ name: String) throws -> SchemaChecker {
    let text = try String(contentsOfFile: packageRoot + "/schema/" + name, encoding: .utf8)
    return SchemaChecker(root: try JSONValue.parse(text))
  }

  @Test func checklistsValidateAgainstTheirSchema() throws {
    let json = ChecklistRenderer.render(allChecklists(), format: .json)
    let value = try JSONValue.parse(json)
    #expect(try Self.schema("checklist.schema.json").check(value) == [])
    #expect(value["checklists"]?.array?.count == 6)
  }

  @Test func findingsValidateAgainstTheirSchema() throws {
    let value = try JSONValue.parse(FindingsRenderer.render(caseReports(), format: .json))
    #expect(try Self.schema("findings.schema.json").check(value) == [])
    #expect(value["cases"]?.array?.count == 3)
  }

  @Test func theCheckerCatchesMissingAndUnknownKeys() throws {
    var value = try JSONValue.parse(FindingsRenderer.render(caseReports(), format: .json))
    guard case .object(var top) = value, case .array(var cases) = top["cases"], case .object(var first) = cases[0] else {
      Issue.record("unexpected shape")
      return
    }
    first["patient_control_number"] = nil
    first["member_id"] = .string("X")
    first["today"] = .number(3)
    cases[0] = .object(first)
    top["cases"] = .array(cases)
    value = .object(top)
    let problems = try Self.schema("findings.schema.json").check(value)
    #expect(problems.contains("$.cases[0]: missing required key `patient_control_number`"))
    #expect(problems.contains("$.cases[0]: key `member_id` is not in the schema"))
    #expect(problems.contains("$.cases[0].today: is number, schema wants string"))
  }

  @Test func moneyIsAnExactJSONNumber() throws {
    var c = appealChecklist()
    c.claim.billed = money("0.1")
    c.claim.paid = money("1234.49")
    c.claim.denied = money("99999999.99")
    let json = ChecklistRenderer.render([c], format: .json)
    #expect(json.contains("\"billed\" : 0.1,"))
    #expect(json.contains("\"paid\" : 1234.49,"))
    #expect(json.contains("\"denied\" : 99999999.99,"))
    let value = try JSONValue.parse(json)
    #expect(value["checklists"]?.array?[0]["claim"]?["paid"] == .number(money("1234.49")))
  }

  @Test func roundTripsThroughTheModels() throws {
    struct Doc: Decodable { var checklists: [Checklist] }
    let json = ChecklistRenderer.render(allChecklists(), format: .json)
    let back = try JSONDecoder().decode(Doc.self, from: Data(json.utf8)).checklists
    #expect(back.map(\.claim) == allChecklists().map(\.claim))
    #expect(back.map(\.level) == allChecklists().map(\.level))
    #expect(back[2].correctedClaim == allChecklists()[2].correctedClaim)
  }

  @Test func stableFormatting() {
    let json = ChecklistRenderer.render([appealChecklist()], format: .json)
    #expect(json.hasPrefix("{\n  \"checklists\" : [\n    {\n      \"action\" : \"appeal\",\n"))
    #expect(json.contains("\"defined_at\" : \"playbooks/bluestem-health.yaml:42\""))
    #expect(!json.contains("\\/"))
    #expect(json.hasSuffix("}\n"))
    #expect(ChecklistRenderer.render([], format: .json) == "{\n  \"checklists\" : [\n\n  ]\n}\n")
  }
}

import Testing

@testable import PlaybookModel

@Suite struct CodePatternTests {
  func pattern(_ text: String) throws -> CodePattern { try CodePattern.parse(text).get() }

  @Test func exactCodesCompareWithoutCaseOrDot() throws {
    let p = try pattern("M17.11")
    #expect(p.matches("M17.11"))
    #expect(p.matches("M1711"))
    #expect(p.matches("m17.11"))
    #expect(!p.matches("M17.12"))
    #expect(try pattern("00100").matches("00100"))
    #expect(!(try pattern("00100").matches("100")))
  }

  @Test func rangesOfEqualLength() throws {
    let p = try pattern("29870-29889")
    #expect(p.matches("29870"))
    #expect(p.matches("29881"))
    #expect(p.matches("29889"))
    #expect(!p.matches("29869"))
    #expect(!p.matches("29890"))
    #expect(!p.matches("2988"))
    let hcpcs = try pattern("J0120-J9999")
    #expect(hcpcs.matches("J1030"))
    #expect(hcpcs.matches("j9999"))
    #expect(!hcpcs.matches("K1030"))
    #expect(!hcpcs.matches("J0119"))
    let categoryII = try pattern("0001F-0015F")
    #expect(categoryII.matches("0005F"))
    #expect(!categoryII.matches("00051"))
  }

  @Test func prefixes() throws {
    let icd = try pattern("M17.*")
    #expect(icd.matches("M17.11"))
    #expect(icd.matches("M170"))
    #expect(!icd.matches("M18.0"))
    #expect(try pattern("J*").matches("J1030"))
    #expect(try pattern("m23.2*").matches("M23.205"))
  }

  @Test func badPatternsSayWhy() {
    func code(_ text: String) -> String? {
      if case .failure(let e) = CodePattern.parse(text) { return e.code.id }
      return nil
    }
    #expect(code("29889-29870") == "PB402")
    #expect(code("2987-29889") == "PB403")
    #expect(code("J0120-K9999") == "PB403")
    #expect(code("*") == "PB401")
    #expect(code("29870-") == "PB401")
    #expect(code("1-2-3") == "PB401")
    #expect(code("29 881$") == "PB401")
    #expect(code("  ") == "PB404")
  }

  @Test func breadthRanksExactBeforeRangeBeforeWidePrefix() throws {
    #expect(try pattern("29881").breadth < pattern("29870-29889").breadth)
    #expect(try pattern("M17.11").breadth < pattern("M17.*").breadth)
    #expect(try pattern("M17.*").breadth < pattern("M*").breadth)
  }

  @Test func codeShapes() {
    #expect(CodeShapes.isProcedure("29881"))
    #expect(CodeShapes.isProcedure("J1030"))
    #expect(CodeShapes.isProcedure("0001F"))
    #expect(!CodeShapes.isProcedure("2988"))
    #expect(!CodeShapes.isProcedure("JJ030"))
    #expect(CodeShapes.isDiagnosis("M1711"))
    #expect(CodeShapes.isDiagnosis("S832", partial: true))
    #expect(!CodeShapes.isDiagnosis("1711"))
    #expect(CodeShapes.isModifier("59"))
    #expect(CodeShapes.isModifier("XS"))
    #expect(!CodeShapes.isModifier("5"))
    #expect(!CodeShapes.isModifier("591"))
  }
}

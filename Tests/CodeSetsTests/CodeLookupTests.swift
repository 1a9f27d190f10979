import Testing

@testable import CodeSets

@Suite struct CodeLookupTests {
  @Test func canonicalUppercasesAsciiOnly() {
    #expect(CodeLookup.canonical("ma04") == "MA04")
    #expect(CodeLookup.canonical("N115") == "N115")
    #expect(CodeLookup.canonical("é1") == "é1")
  }

  @Test func sortKeyOrdersNumbersNumerically() {
    let sorted = ["P10", "A1", "100", "9", "P9"].sorted {
      CodeLookup.sortKey($0) < CodeLookup.sortKey($1)
    }
    #expect(sorted == ["9", "100", "A1", "P9", "P10"])
  }

  @Test func nonAsciiInputNeverMatches() {
    #expect(!CARC.isKnown("５０"))
    #expect(!RARC.isKnown("Ｎ115"))
    #expect(!RARC.isWellFormed("N１"))
  }
}

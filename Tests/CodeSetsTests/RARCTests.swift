import Testing

@testable import CodeSets

@Suite struct RARCTests {
  @Test func knownCodesHaveOurWording() {
    #expect(RARC.wording("N115") == "decision based on a coverage policy (LCD)")
    #expect(RARC.wording("MA130") == "unprocessable: no appeal rights; send a new claim")
    #expect(RARC.wording("N386")?.contains("NCD") == true)
    #expect(RARC.wording("N290")?.contains("rendering provider") == true)
    #expect(RARC.wording("M127")?.contains("medical record") == true)
  }

  @Test func requestedCodesAreCovered() {
    let required = [
      "M47", "M51", "M80", "M86", "M119", "M127", "MA04", "MA13", "MA18", "MA63", "MA66",
      "MA92", "MA120", "MA130", "N1", "N4", "N14", "N20", "N30", "N36", "N56", "N111",
      "N115", "N130", "N142", "N179", "N206", "N210", "N211", "N290", "N350", "N355", "N362",
      "N380", "N383", "N386", "N418", "N432", "N479", "N522", "N575", "N640", "N657", "N661",
      "N687", "N698", "N704", "N705", "N706", "N729", "N730",
    ]
    for code in required { #expect(RARC.isKnown(code), "RARC \(code) missing") }
  }

  @Test func lookupIsCaseInsensitiveButOtherwiseExact() {
    #expect(RARC.isKnown("n115"))
    #expect(RARC.wording("ma130") == RARC.wording("MA130"))
    #expect(RARC.canonical("ma04") == "MA04")
    #expect(!RARC.isKnown("N0115"))
    #expect(!RARC.isKnown("MA4"))
    #expect(!RARC.isKnown("N115 "))
    #expect(!RARC.isKnown("N9999"))
    #expect(!RARC.isKnown("50"))
  }

  @Test func wellFormedness() {
    for code in ["M1", "M137", "MA01", "MA130", "N1", "N9999", "n115", "ma04", "N0115"] {
      #expect(RARC.isWellFormed(code), "\(code)")
    }
    for code in ["", "M", "MA", "MA1", "MA1234", "M1234", "N12345", "N", "X1", "50", "NA1"] {
      #expect(!RARC.isWellFormed(code), "\(code)")
    }
    for code in RARC.allCodes { #expect(RARC.isWellFormed(code), "\(code)") }
  }

  @Test func allCodesOrder() {
    #expect(RARC.allCodes.count == RARC.table.count)
    #expect(RARC.allCodes.first == "M1")
    let m137 = RARC.allCodes.firstIndex(of: "M137")!
    let ma01 = RARC.allCodes.firstIndex(of: "MA01")!
    let n1 = RARC.allCodes.firstIndex(of: "N1")!
    #expect(m137 < ma01 && ma01 < n1)
  }

  @Test func wordingIsShortOwnWording() {
    for (code, text) in RARC.table {
      #expect(!text.isEmpty && text.count <= 80, "RARC \(code) wording too long")
      #expect(!text.hasSuffix("."), "RARC \(code)")
      #expect(!text.hasPrefix("Alert"), "RARC \(code) reads like X12 text")
    }
  }
}

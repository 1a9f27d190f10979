import Testing

@testable import CodeSets

@Suite struct CARCTests {
  @Test func knownCodesHaveOurWording() {
    #expect(CARC.isKnown("50"))
    #expect(CARC.wording("50") == "not medically necessary per payer")
    #expect(CARC.wording("197") == "prior authorization missing")
    #expect(CARC.wording("29") == "timely filing limit passed")
    #expect(CARC.wording("236") == "not allowed with another same-day procedure (NCCI)")
    #expect(CARC.wording("1") == "deductible")
    #expect(CARC.wording("2") == "coinsurance")
    #expect(CARC.wording("3") == "copay")
  }

  @Test func requestedRangesAreCovered() {
    let required =
      ["1", "2", "3", "4", "5", "11", "16", "18", "22", "23", "27", "29", "31", "35", "39", "40"]
      + ["45", "49", "50", "51", "54", "55", "56", "58", "59", "89", "94", "95", "96", "97"]
      + ["100", "101", "104", "107", "109", "119", "125", "128", "129", "130", "131", "136"]
      + ["138", "139", "140", "142", "146", "149", "150", "151", "154", "163", "167", "170"]
      + ["171", "172", "177", "178", "181", "185", "189", "190", "192", "197", "198", "199"]
      + ["200", "202", "204", "206", "208", "209", "211", "216", "219", "222", "227", "231"]
      + ["234", "236", "242", "252", "253", "256", "258", "262", "271", "272", "275", "280"]
      + ["282", "284", "287", "288", "291", "296", "299"]
      + ["A1", "A5", "A8", "B1", "B4", "B7", "B15", "B20", "B23", "P1", "P12", "P31", "W1", "W9"]
    for code in required { #expect(CARC.isKnown(code), "CARC \(code) missing") }
  }

  @Test func unknownAndMalformedInputs() {
    #expect(!CARC.isKnown("999"))
    #expect(CARC.wording("999") == nil)
    #expect(!CARC.isKnown(""))
    // No leading-zero forgiveness: "050" is not 50, and "0450" (a revenue code) is nothing.
    #expect(!CARC.isKnown("050"))
    #expect(!CARC.isKnown("0450"))
    #expect(!CARC.isWellFormed("0450"))
    #expect(!CARC.isWellFormed("050"))
    #expect(!CARC.isKnown(" 50"))
    #expect(!CARC.isKnown("CO-50"))
  }

  @Test func letterCodesAreCaseInsensitive() {
    #expect(CARC.isKnown("a1"))
    #expect(CARC.wording("b15") == CARC.wording("B15"))
    #expect(CARC.isKnown("p12"))
  }

  @Test func wellFormedness() {
    for code in ["1", "50", "999", "A1", "b15", "P32", "W9"] {
      #expect(CARC.isWellFormed(code), "\(code)")
    }
    for code in ["", "0", "1000", "AB1", "A", "A123", "5O", "-1"] {
      #expect(!CARC.isWellFormed(code), "\(code)")
    }
    for code in CARC.allCodes { #expect(CARC.isWellFormed(code), "\(code)") }
  }

  @Test func deactivatedCodes() {
    #expect(CARC.isKnown("15"))
    #expect(CARC.isDeactivated("15"))
    #expect(CARC.replacementNote("15")?.contains("284") == true)
    #expect(CARC.isDeactivated("57"))
    #expect(CARC.isDeactivated("w1"))
    #expect(!CARC.isDeactivated("50"))
    #expect(!CARC.isDeactivated("999"))
    #expect(CARC.replacementNote("50") == nil)
    // Every deactivated code is also in the wording table and says so.
    for code in CARC.deactivated.keys {
      #expect(CARC.wording(code)?.hasSuffix("(deactivated)") == true, "\(code)")
    }
  }

  @Test func allCodesAreSortedAndComplete() {
    #expect(CARC.allCodes.count == CARC.table.count)
    #expect(CARC.allCodes.prefix(3) == ["1", "2", "3"])
    #expect(CARC.allCodes.firstIndex(of: "A0")! > CARC.allCodes.firstIndex(of: "302")!)
    #expect(CARC.allCodes.firstIndex(of: "B2") == nil)
    #expect(CARC.allCodes.firstIndex(of: "P9")! < CARC.allCodes.firstIndex(of: "P10")!)
  }

  @Test func wordingIsShortOwnWording() {
    // Our wording stays a few words; X12 descriptions are long sentences we must not ship.
    for (code, text) in CARC.table {
      #expect(!text.isEmpty && text.count <= 80, "CARC \(code) wording too long")
      #expect(!text.hasSuffix("."), "CARC \(code) wording reads like a copied sentence")
      #expect(!text.contains("Note:"), "CARC \(code)")
    }
  }
}

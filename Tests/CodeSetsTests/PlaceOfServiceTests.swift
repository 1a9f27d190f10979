import Testing

@testable import CodeSets

@Suite struct PlaceOfServiceTests {
  @Test func telehealthCodesKeepLeadingZero() {
    #expect(PlaceOfService.isKnown("02"))
    #expect(PlaceOfService.name("02") == "Telehealth provided other than in patient's home")
    #expect(PlaceOfService.name("10") == "Telehealth provided in patient's home")
    #expect(!PlaceOfService.isKnown("2"))
    #expect(PlaceOfService.name("2") == nil)
    #expect(!PlaceOfService.isKnown("002"))
    #expect(!PlaceOfService.isKnown(" 02"))
    #expect(PlaceOfService.isTelehealth("02") && PlaceOfService.isTelehealth("10"))
    #expect(!PlaceOfService.isTelehealth("11") && !PlaceOfService.isTelehealth("2"))
  }

  @Test func commonSettings() {
    #expect(PlaceOfService.name("11") == "Office")
    #expect(PlaceOfService.name("19") == "Off campus-outpatient hospital")
    #expect(PlaceOfService.name("22") == "On campus-outpatient hospital")
    #expect(PlaceOfService.name("21") == "Inpatient hospital")
    #expect(PlaceOfService.name("23") == "Emergency room - hospital")
    #expect(PlaceOfService.name("24") == "Ambulatory surgical center")
    #expect(PlaceOfService.name("81") == "Independent laboratory")
    #expect(PlaceOfService.name("99") == "Other place of service")
  }

  @Test func unassignedCodesAreUnknown() {
    for code in ["00", "28", "29", "30", "35", "40", "43", "48", "59", "63", "64", "67", "70"]
      + ["73", "80", "82", "98", "100", "AB", ""]
    {
      #expect(!PlaceOfService.isKnown(code), "POS \(code)")
    }
  }

  @Test func listShape() {
    #expect(PlaceOfService.allCodes.first == "01")
    #expect(PlaceOfService.allCodes.last == "99")
    #expect(PlaceOfService.allCodes.count == 52)
    for n in 1...27 {
      let code = n < 10 ? "0\(n)" : "\(n)"
      #expect(PlaceOfService.isKnown(code), "POS \(code)")
    }
    for code in PlaceOfService.allCodes { #expect(PlaceOfService.isWellFormed(code)) }
    #expect(!PlaceOfService.isWellFormed("2"))
    #expect(!PlaceOfService.isWellFormed("2a"))
    #expect(PlaceOfService.isWellFormed("28"))
  }
}

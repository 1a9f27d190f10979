import Foundation

/// Builders for small synthetic X12 files (fake names and numbers only).
enum Fixture {
  /// A fixed-width 106-byte ISA with the given delimiters.
  static func isa(
    element e: String = "*", component c: String = ":", terminator t: String = "~", repetition r: String = "^",
    version: String = "00501", control: String = "000000101"
  ) -> String {
    let fields = [
      "ISA", "00", "          ", "00", "          ", "ZZ", "PAYERSUBMIT    ", "ZZ", "PRACTICE01     ",
      "261101", "1200", r, version, control, "0", "P", c,
    ]
    return fields.joined(separator: e) + t
  }

  /// A complete interchange around the given transaction bodies (segments between ST and SE,
  /// written with `*`, `:` and no terminator; they are re-delimited here).
  static func interchange(
    _ bodies: [[String]], type: String = "835", element: String = "*", component: String = ":",
    terminator: String = "~", after: String = "\n", control: String = "000000101"
  ) -> String {
    var out = isa(element: element, component: component, terminator: terminator, control: control) + after
    func seg(_ s: String) -> String {
      s.replacingOccurrences(of: "*", with: element).replacingOccurrences(of: ":", with: component)
        + terminator + after
    }
    out += seg("GS*HP*PAYERSUBMIT*PRACTICE01*20261101*1200*101*X*005010X221A1")
    for (n, body) in bodies.enumerated() {
      let st = String(format: "%04d", n + 1)
      out += seg("ST*\(type)*\(st)")
      for s in body { out += seg(s) }
      out += seg("SE*\(body.count + 2)*\(st)")
    }
    out += seg("GE*\(bodies.count)*101")
    out += seg("IEA*1*\(control)")
    return out
  }

  /// The usual 835 header loops.
  static func header(payer: String = "ACME HEALTH PLAN", payerID: String = "60054") -> [String] {
    [
      "BPR*I*150.00*C*ACH*CCP*01*999999999*DA*123456*1512345678**01*999988880*DA*98765*20261101",
      "TRN*1*EFT0001*1512345678", "DTM*405*20261030", "N1*PR*\(payer)*XV*\(payerID)",
      "N1*PE*EXAMPLE ORTHOPEDICS*XX*1234567893", "LX*1",
    ]
  }

  static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }
}

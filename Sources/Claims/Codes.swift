import Foundation

/// A procedure code as a claim or remittance writes it: a qualifier (`HC` for CPT/HCPCS, `AD`
/// for dental, `NU` for revenue codes), the code and up to four modifiers, in billed order.
public struct ProcedureCode: Hashable, Sendable, Codable, CustomStringConvertible {
  /// The product/service id qualifier, for example `HC`.
  public var qualifier: String
  /// The code itself, for example `99213`.
  public var code: String
  /// Modifiers in the order written, for example `["25"]`.
  public var modifiers: [String]

  /// Creates a procedure code.
  public init(qualifier: String = "HC", code: String, modifiers: [String] = []) {
    self.qualifier = qualifier
    self.code = code
    self.modifiers = modifiers
  }

  /// `99213-25` style: the code and its modifiers joined by hyphens.
  public var description: String { ([code] + modifiers).joined(separator: "-") }

  enum CodingKeys: String, CodingKey { case qualifier, code, modifiers }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    qualifier = try c.decodeIfPresent(String.self, forKey: .qualifier) ?? "HC"
    code = try c.decode(String.self, forKey: .code)
    modifiers = try c.decodeIfPresent([String].self, forKey: .modifiers) ?? []
  }
}

/// A diagnosis code, stored without the dot (`M1711`) as X12 carries it and shown with it
/// (`M17.11`).
public struct DiagnosisCode: Hashable, Sendable, Codable, CustomStringConvertible {
  /// Which code set the diagnosis comes from.
  public enum System: String, Sendable, Codable {
    /// ICD-10-CM (X12 qualifiers ABK, ABF).
    case icd10
    /// ICD-9-CM (X12 qualifiers BK, BF), still seen in old sample files.
    case icd9
  }

  /// The code without a dot, uppercased: `M1711`.
  public var code: String
  /// The code set.
  public var system: System

  /// Creates a diagnosis from a code written with or without the dot.
  public init(_ written: String, system: System = .icd10) {
    self.code = String(written.uppercased().unicodeScalars.filter { $0 != "." && $0 != " " })
    self.system = system
  }

  /// The code with its dot after the category (`M17.11`; ICD-9 `E`-codes after four
  /// characters); codes of three characters or fewer have no dot.
  public var display: String {
    let split = system == .icd9 && code.hasPrefix("E") ? 4 : 3
    guard code.count > split else { return code }
    let index = code.index(code.startIndex, offsetBy: split)
    return code[..<index] + "." + code[index...]
  }

  public var description: String { display }

  /// Encodes as the bare string without the dot for ICD-10 and as `{code, system}` otherwise.
  public func encode(to encoder: any Encoder) throws {
    if system == .icd10 {
      var c = encoder.singleValueContainer()
      try c.encode(code)
    } else {
      var c = encoder.container(keyedBy: CodingKeys.self)
      try c.encode(code, forKey: .code)
      try c.encode(system, forKey: .system)
    }
  }

  enum CodingKeys: String, CodingKey { case code, system }

  /// Decodes a plain string (ICD-10, dot optional) or `{"code": ..., "system": "icd9"}`.
  public init(from decoder: any Decoder) throws {
    if let single = try? decoder.singleValueContainer(), let text = try? single.decode(String.self)
    {
      self.init(text)
      return
    }
    let c = try decoder.container(keyedBy: CodingKeys.self)
    self.init(
      try c.decode(String.self, forKey: .code),
      system: try c.decodeIfPresent(System.self, forKey: .system) ?? .icd10)
  }
}

/// A qualifier and value pair such as an X12 REF segment (`REF*6R*L1`).
public struct Reference: Hashable, Sendable, Codable {
  /// The qualifier, for example `6R` or `G1`.
  public var qualifier: String
  /// The value.
  public var value: String

  /// Creates a reference.
  public init(qualifier: String, value: String) {
    self.qualifier = qualifier
    self.value = value
  }
}

/// A qualified money amount such as an X12 AMT segment (`AMT*B6*80.00`).
public struct QualifiedAmount: Hashable, Sendable, Codable {
  /// The qualifier, for example `B6` (allowed amount) or `AU` (coverage amount).
  public var qualifier: String
  /// The amount.
  public var amount: Decimal

  /// Creates an amount.
  public init(qualifier: String, amount: Decimal) {
    self.qualifier = qualifier
    self.amount = amount
  }
}

/// A person's name and member or provider id, from an NM1 segment.
///
/// Patient and insured names and member ids are protected health information: outputs never
/// print them unless the user asks (`--show-patient`); see ``masked``.
public struct PersonName: Hashable, Sendable, Codable {
  /// Last or organization name.
  public var last: String?
  /// First name.
  public var first: String?
  /// Middle name or initial.
  public var middle: String?
  /// The id qualifier (NM108), for example `MI` (member id) or `XX` (NPI).
  public var idQualifier: String?
  /// The id (NM109).
  public var id: String?

  /// Creates a name.
  public init(
    last: String? = nil, first: String? = nil, middle: String? = nil, idQualifier: String? = nil,
    id: String? = nil
  ) {
    self.last = last
    self.first = first
    self.middle = middle
    self.idQualifier = idQualifier
    self.id = id
  }

  /// The same shape with every present value replaced by `***`.
  public var masked: PersonName {
    // A qualifier is a short code (`MI`, `34`); anything longer is an id that a missing element
    // shifted into its place, and is masked with the id.
    let qualifier = idQualifier.map { $0.count <= 3 ? $0 : "***" }
    return PersonName(
      last: last.map { _ in "***" }, first: first.map { _ in "***" },
      middle: middle.map { _ in "***" }, idQualifier: qualifier, id: id.map { _ in "***" })
  }
}

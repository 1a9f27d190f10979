/// The declared shape of a value in the playbook format.
///
/// One declaration (``PlaybookFormat``) drives three things: the structural checks of
/// `payerbook lint` (unknown keys, missing fields, wrong types, bad scalars), the JSON Schema
/// that editors use (`payerbook schema`), and the reference in `docs/playbook-format.md`.
public indirect enum Shape: Sendable {
  /// A scalar of some kind.
  case scalar(ScalarKind)
  /// A list of values. `single` also accepts one bare value as a one-item list
  /// (`carc: 50` for `carc: [50]`).
  case list(Shape, nonEmpty: Bool, single: Bool)
  /// A mapping with declared keys.
  case object(ObjectShape)
  /// A mapping from ids to values of one shape (the `proofs` catalogue).
  case dictionary(Shape, what: String)
  /// Either a scalar of one kind or an object (the `action` shorthand).
  case scalarOrObject(ScalarKind, ObjectShape)
  /// Anything; checked later by the command that reads it.
  case any(description: String)
}

/// Kinds of scalar values. YAML never types them: the kind decides.
public enum ScalarKind: Sendable {
  /// Free text.
  case text
  /// An id: lowercase letters, digits, `-`, `_`.
  case id
  /// A `YYYY-MM-DD` calendar date.
  case date
  /// A date or any text (playbook revisions).
  case revision
  /// One of a fixed set of words.
  case choice([String])
  /// A whole number within bounds.
  case integer(min: Int, max: Int)
  /// A money amount (Decimal).
  case money
  /// `true` or `false`.
  case boolean
  /// A code of a kind; its values are checked by the code checks, not the shape.
  case code(CodeKind)
}

/// The kinds of codes a playbook names.
public enum CodeKind: String, Sendable {
  /// Claim adjustment group code (CO, PR, OA, PI, CR).
  case group
  /// Claim adjustment reason code.
  case carc
  /// Remittance advice remark code.
  case rarc
  /// CPT/HCPCS procedure pattern: exact, range or prefix.
  case procedure
  /// ICD-10-CM diagnosis pattern: exact, range or prefix.
  case diagnosis
  /// Two-character procedure modifier.
  case modifier
  /// Two-digit place-of-service code.
  case placeOfService
  /// A `GROUP-CARC` pair such as `CO-45`.
  case adjustment
  /// A payer identifier as it appears in files (free form).
  case payerID
}

/// A mapping with declared keys.
public struct ObjectShape: Sendable {
  /// What the mapping is, in words used by messages ("denial reason").
  public var what: String
  /// The keys, in the order the reference documents them.
  public var fields: [Field]
  /// One-line description for the reference and editors.
  public var description: String

  /// Creates an object shape.
  public init(_ what: String, _ description: String, _ fields: [Field]) {
    self.what = what
    self.description = description
    self.fields = fields
  }

  /// The field with a name.
  public func field(_ name: String) -> Field? { fields.first { $0.name == name } }
}

/// One key of an object shape.
public struct Field: Sendable {
  /// The key.
  public var name: String
  /// The value's shape.
  public var shape: Shape
  /// Whether the key must be present.
  public var required: Bool
  /// One-line description for the reference and editors.
  public var description: String

  /// Creates a field.
  public init(_ name: String, _ shape: Shape, required: Bool = false, _ description: String) {
    self.name = name
    self.shape = shape
    self.required = required
    self.description = description
  }
}

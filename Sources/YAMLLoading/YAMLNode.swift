import Diagnostics

/// How a scalar was written. Kept so that tools that edit a playbook can preserve it and so
/// that diagnostics can tell `"yes"` (text) from `yes` (a probable boolean mistake).
public enum ScalarStyle: Sendable, Equatable {
  /// Unquoted: `29881`.
  case plain
  /// Single-quoted: `'29881'`.
  case singleQuoted
  /// Double-quoted: `"29881"`.
  case doubleQuoted
  /// Literal block: `|`.
  case literal
  /// Folded block: `>`.
  case folded
}

/// A scalar: its text exactly as the YAML spelled it (after unquoting) and its style.
///
/// No implicit typing happens here: `00100`, `02`, `1E3` and `no` all stay text. The playbook
/// schema decides what each value means.
public struct YAMLScalar: Sendable, Equatable {
  /// The value's text.
  public var text: String
  /// How it was written.
  public var style: ScalarStyle

  /// Creates a scalar.
  public init(text: String, style: ScalarStyle) {
    self.text = text
    self.style = style
  }

  /// True for an unquoted empty value, `~` or `null`: YAML's ways of writing "nothing".
  public var isNull: Bool {
    guard style == .plain else { return false }
    // By length first: most values are longer than four bytes and skip the comparisons.
    switch text.utf8.count {
    case 0: return true
    case 1: return text.utf8.first == 0x7E  // ~
    case 4: return text == "null" || text == "Null" || text == "NULL"
    default: return false
    }
  }
}

/// A key-value pair of a mapping. Keys are always scalars (text).
public struct YAMLPair: Sendable {
  /// The key's text and style.
  public var key: YAMLScalar
  /// Where the key is written.
  public var keySpan: SourceSpan
  /// The value.
  public var value: YAMLNode
}

/// A node of the located YAML tree: every node knows its file and its start and end
/// positions (line, column and byte offset).
public struct YAMLNode: Sendable {
  /// What the node holds.
  public enum Content: Sendable {
    /// Text.
    case scalar(YAMLScalar)
    /// An ordered list.
    case sequence([YAMLNode])
    /// Key-value pairs in source order (keys are unique: duplicates are reported).
    case mapping([YAMLPair])
  }

  /// What the node holds.
  public var content: Content
  /// Where the node is written. For a node reached through an alias, where the anchored
  /// node is written.
  public var span: SourceSpan
  /// The anchor name when the node was defined with `&name`.
  public var anchor: String?

  /// Creates a node.
  public init(_ content: Content, span: SourceSpan, anchor: String? = nil) {
    self.content = content
    self.span = span
    self.anchor = anchor
  }

  /// The scalar, when the node is one.
  public var scalar: YAMLScalar? {
    if case .scalar(let s) = content { return s }
    return nil
  }

  /// The items, when the node is a sequence.
  public var sequence: [YAMLNode]? {
    if case .sequence(let items) = content { return items }
    return nil
  }

  /// The pairs, when the node is a mapping.
  public var mapping: [YAMLPair]? {
    if case .mapping(let pairs) = content { return pairs }
    return nil
  }

  /// True when the node is a null scalar (see ``YAMLScalar/isNull``).
  public var isNull: Bool { scalar?.isNull ?? false }

  /// The value for a key of a mapping node.
  public subscript(key: String) -> YAMLNode? {
    // Walks the pairs in place (no copy of the pair list or of each pair).
    guard case .mapping(let pairs) = content else { return nil }
    let count = key.utf8.count
    for i in pairs.indices where pairs[i].key.text.utf8.count == count && pairs[i].key.text == key {
      return pairs[i].value
    }
    return nil
  }

  /// A word for the node's shape, used in messages: "text", "a list", "a mapping" or "nothing".
  public var shapeDescription: String {
    switch content {
    case .scalar(let s): return s.isNull ? "nothing" : "text `\(s.text)`"
    case .sequence: return "a list"
    case .mapping: return "a mapping"
    }
  }
}

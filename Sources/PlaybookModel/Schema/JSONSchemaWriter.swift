/// Writes the playbook format as a JSON Schema (draft-07), for editors: with the line
/// `# yaml-language-server: $schema=../schema/playbook.schema.json` at the top of a playbook,
/// VS Code and other editors complete keys and flag mistakes as people type.
///
/// Codes accept numbers as well as strings, because editors read an unquoted `50` as a number
/// while Payerbook keeps it as the text `50`.
public enum JSONSchemaWriter {
  /// The schema as pretty-printed JSON with keys in the format's order.
  public static func playbookSchema() -> String {
    var root = schema(for: .object(PlaybookFormat.playbook))
    root.insert(("$schema", .string("http://json-schema.org/draft-07/schema#")), at: 0)
    root.insert(("$id", .string("https://payerbook.dev/schema/playbook.schema.json")), at: 1)
    root.insert(("title", .string("Payerbook playbook (format v1)")), at: 2)
    return JSON.object(root).rendered() + "\n"
  }

  static func schema(for shape: Shape) -> [(String, JSON)] {
    switch shape {
    case .any(let description):
      return [("description", .string(description))]
    case .scalar(let kind):
      return scalar(kind)
    case .list(let item, let nonEmpty, let single):
      var array: [(String, JSON)] = [("type", .string("array")), ("items", .object(schema(for: item)))]
      if nonEmpty { array.append(("minItems", .number(1))) }
      if single { return [("anyOf", .array([.object(schema(for: item)), .object(array)]))] }
      return array
    case .object(let object):
      return objectSchema(object)
    case .dictionary(let value, _):
      return [
        ("type", .string("object")),
        ("propertyNames", .object([("pattern", .string(idPattern))])),
        ("additionalProperties", .object(schema(for: value))),
      ]
    case .scalarOrObject(let kind, let object):
      return [("anyOf", .array([.object(scalar(kind)), .object(objectSchema(object))]))]
    }
  }

  static let idPattern = "^[a-z0-9][a-z0-9_-]*$"

  static func objectSchema(_ object: ObjectShape) -> [(String, JSON)] {
    var out: [(String, JSON)] = [("type", .string("object")), ("description", .string(object.description))]
    out.append((
      "properties",
      .object(object.fields.map { field in
        var s = schema(for: field.shape).filter { $0.0 != "description" }
        s.insert(("description", .string(field.description)), at: 0)
        return (field.name, .object(s))
      })
    ))
    let required = object.fields.filter(\.required).map { JSON.string($0.name) }
    if !required.isEmpty { out.append(("required", .array(required))) }
    out.append(("additionalProperties", .bool(false)))
    return out
  }

  static func scalar(_ kind: ScalarKind) -> [(String, JSON)] {
    switch kind {
    case .text: return [("type", .string("string"))]
    case .id: return [("type", .string("string")), ("pattern", .string(idPattern))]
    case .date:
      return [("type", .string("string")), ("pattern", .string("^[0-9]{4}-[0-9]{2}-[0-9]{2}$"))]
    case .revision: return [("type", .array([.string("string"), .string("number")]))]
    case .choice(let choices): return [("enum", .array(choices.map { .string($0) }))]
    case .integer(let min, let max):
      return [("type", .string("integer")), ("minimum", .number(min)), ("maximum", .number(max))]
    case .money:
      return [
        ("type", .array([.string("number"), .string("string")])), ("minimum", .number(0)),
        ("pattern", .string("^[0-9]+(\\.[0-9]{1,2})?$")),
      ]
    case .boolean: return [("type", .string("boolean"))]
    case .code: return [("type", .array([.string("string"), .string("number")]))]
    }
  }
}

/// A small JSON value that keeps key order, for stable, readable generated files.
public indirect enum JSON: Sendable {
  /// A string.
  case string(String)
  /// A whole number.
  case number(Int)
  /// A boolean.
  case bool(Bool)
  /// An array.
  case array([JSON])
  /// An object with keys in order.
  case object([(String, JSON)])

  /// Two-space indented JSON.
  public func rendered(indent: Int = 0) -> String {
    let pad = String(repeating: "  ", count: indent)
    let inner = String(repeating: "  ", count: indent + 1)
    switch self {
    case .string(let s): return JSON.quote(s)
    case .number(let n): return String(n)
    case .bool(let b): return b ? "true" : "false"
    case .array(let items):
      if items.isEmpty { return "[]" }
      if items.allSatisfy({ if case .string = $0 { return true } else { return false } }) {
        return "[" + items.map { $0.rendered() }.joined(separator: ", ") + "]"
      }
      return "[\n" + items.map { inner + $0.rendered(indent: indent + 1) }.joined(separator: ",\n") + "\n" + pad + "]"
    case .object(let pairs):
      if pairs.isEmpty { return "{}" }
      return "{\n"
        + pairs.map { inner + JSON.quote($0.0) + ": " + $0.1.rendered(indent: indent + 1) }.joined(separator: ",\n")
        + "\n" + pad + "}"
    }
  }

  /// A JSON string literal.
  public static func quote(_ s: String) -> String {
    var out = "\""
    for scalar in s.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      default:
        if scalar.value < 0x20 {
          let hex = String(scalar.value, radix: 16)
          out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    return out + "\""
  }
}

import Foundation

/// A JSON value, decoded strictly (a number never reads as a Bool or the other way round).
indirect enum JSONValue: Decodable, Equatable {
  case null
  case bool(Bool)
  case number(Decimal)
  case string(String)
  case array([JSONValue])
  case object([String: JSONValue])

  init(from decoder: any Decoder) throws {
    let c = try decoder.singleValueContainer()
    if c.decodeNil() {
      self = .null
    } else if let b = try? c.decode(Bool.self) {
      self = .bool(b)
    } else if let n = try? c.decode(Decimal.self) {
      self = .number(n)
    } else if let s = try? c.decode(String.self) {
      self = .string(s)
    } else if let a = try? c.decode([JSONValue].self) {
      self = .array(a)
    } else {
      self = .object(try c.decode([String: JSONValue].self))
    }
  }

  static func parse(_ text: String) throws -> JSONValue { try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)) }

  subscript(key: String) -> JSONValue? { if case .object(let o) = self { return o[key] } else { return nil } }
  var string: String? { if case .string(let s) = self { return s } else { return nil } }
  var array: [JSONValue]? { if case .array(let a) = self { return a } else { return nil } }
  var object: [String: JSONValue]? { if case .object(let o) = self { return o } else { return nil } }
}

/// A tiny structural JSON Schema (draft-07) checker for the keywords our output schemas use:
/// `$ref` (to `#/definitions/...`), `type` (a name or a list), `required`, `properties`,
/// `additionalProperties: false`, `items`, `enum` and `pattern`. Returns every problem with
/// its JSON path; empty means valid.
struct SchemaChecker {
  let root: JSONValue

  func check(_ value: JSONValue) -> [String] { check(value, against: root, path: "$") }

  func resolve(_ schema: JSONValue) -> JSONValue {
    guard let ref = schema["$ref"]?.string else { return schema }
    var node = root
    for part in ref.dropFirst(2).split(separator: "/") { node = node[String(part)] ?? .null }
    return resolve(node)
  }

  func typeName(_ v: JSONValue) -> String {
    switch v {
    case .null: return "null"
    case .bool: return "boolean"
    case .number: return "number"
    case .string: return "string"
    case .array: return "array"
    case .object: return "object"
    }
  }

  func fits(_ v: JSONValue, _ type: String) -> Bool {
    if type == "integer", case .number(let n) = v { return n == n.rounded0 }
    return typeName(v) == type
  }

  func check(_ value: JSONValue, against raw: JSONValue, path: String) -> [String] {
    let schema = resolve(raw)
    var problems: [String] = []
    if let type = schema["type"] {
      let types = type.array?.compactMap(\.string) ?? [type.string ?? ""]
      if !types.contains(where: { fits(value, $0) }) {
        return ["\(path): is \(typeName(value)), schema wants \(types.joined(separator: " or "))"]
      }
    }
    if let options = schema["enum"]?.array, !options.contains(value) { problems.append("\(path): \(value) not in enum") }
    if let pattern = schema["pattern"]?.string, let s = value.string, s.range(of: pattern, options: .regularExpression) == nil {
      problems.append("\(path): `\(s)` does not match \(pattern)")
    }
    if case .object(let object) = value {
      let properties = schema["properties"]?.object ?? [:]
      for key in schema["required"]?.array?.compactMap(\.string) ?? [] where object[key] == nil {
        problems.append("\(path): missing required key `\(key)`")
      }
      for (key, v) in object.sorted(by: { $0.key < $1.key }) {
        if let sub = properties[key] {
          problems += check(v, against: sub, path: path + "." + key)
        } else if schema["additionalProperties"] == .bool(false) {
          problems.append("\(path): key `\(key)` is not in the schema")
        }
      }
    }
    if case .array(let items) = value, let itemSchema = schema["items"] {
      for (i, item) in items.enumerated() { problems += check(item, against: itemSchema, path: "\(path)[\(i)]") }
    }
    return problems
  }
}

extension Decimal {
  var rounded0: Decimal {
    var v = self
    var r = Decimal()
    NSDecimalRound(&r, &v, 0, .down)
    return r
  }
}

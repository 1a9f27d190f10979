import Foundation

/// A JSON file that Foundation's parser refused, as a diagnostic that says where: the character
/// the parser names, the end of the file when it ends too soon, or the number that does not fit.
public enum JSONSyntax {
  /// The parser's complaint about `bytes` (nil when they parse), with its place and a fix.
  /// `what` names the file in the message: "the case file", "the denial file".
  public static func diagnostic(_ code: DiagnosticCode, what: String, path: String, bytes: [UInt8])
    -> Diagnostic?
  {
    var detail = ""
    do {
      _ = try JSONSerialization.jsonObject(with: Data(bytes))
      return nil
    } catch {
      detail = ((error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String) ?? ""
    }
    if detail.isEmpty, String(data: Data(bytes), encoding: .utf8) == nil {
      detail = "the file is not UTF-8 text"
    }
    var at: Int?
    var help = "check for a missing comma, quote or bracket at that place"
    if let range = detail.range(of: "character ", options: .backwards),
      let n = Int(detail[range.upperBound...].prefix { $0.isNumber })
    {
      at = n
    } else if detail.contains("surrogate") {
      detail = "a `\\u` escape for half of a character pair has no other half"
      help = "write the character itself, or both halves of its `\\u` pair"
    } else if detail.lowercased().contains("end of file") {
      at = bytes.count
      detail = "the file ends before the JSON is complete"
      help = "it may have been cut off; ask for it again"
    } else if let range = detail.range(of: "umber "), detail.contains("not representable") {
      let number = String(detail[range.upperBound...].prefix { !$0.isWhitespace })
      let needle = Array(number.utf8)
      if !needle.isEmpty, needle.count <= bytes.count {
        at = (0...(bytes.count - needle.count)).first {
          bytes[$0..<$0 + needle.count].elementsEqual(needle)
        }
      }
      detail = "the number `\(number.prefix(40))` does not fit in a decimal"
      help = "write amounts as plain decimals such as 1250.00"
    }
    if detail.contains("control character") {
      detail =
        "a line break or tab inside a text value ("
        + detail.lowercased().replacingOccurrences(of: ".", with: "") + ")"
      help =
        "a closing quote may be missing before this place; inside text write a tab as \\t and a line break as \\n"
    }
    while detail.hasSuffix(".") { detail.removeLast() }
    if let first = detail.first { detail = first.lowercased() + detail.dropFirst() }
    var span: SourceSpan?
    if let n = at {
      let file = SourceFile(path: path, bytes: bytes)
      let p = file.position(ofByte: min(n, bytes.count))
      span = SourceSpan(file: file, start: p, end: p)
    }
    var d = Diagnostic(
      code, "\(what) is not valid JSON" + (detail.isEmpty ? "" : ": " + String(detail.prefix(160))),
      at: span, help: help, path: path)
    // Case and denial files carry patient data on their lines: the position, not the line.
    d.showsSource = false
    return d
  }
}

extension JSONSyntax {
  /// What Foundation's parser lets through but a person did not mean: a comma before `}` or
  /// `]`, and a key written twice in one object (the parser keeps the last value and drops the
  /// first without a word). Call it on bytes that parsed; nil when neither is there.
  public static func looseness(_ code: DiagnosticCode, what: String, path: String, bytes: [UInt8])
    -> Diagnostic?
  {
    // Containers open at this point: for objects, the keys seen so far.
    var stack: [Set<[UInt8]>?] = []
    var expectingKey = false
    var lastComma = -1
    var i = 0
    func problem(_ message: String, at offset: Int, help: String) -> Diagnostic {
      let file = SourceFile(path: path, bytes: bytes)
      let p = file.position(ofByte: offset)
      var d = Diagnostic(
        code, "\(what) is not valid JSON: \(message)", at: SourceSpan(file: file, start: p, end: p),
        help: help, path: path)
      d.showsSource = false
      return d
    }
    while i < bytes.count {
      let c = bytes[i]
      switch c {
      case UInt8(ascii: "\""):
        let start = i
        i += 1
        while i < bytes.count, bytes[i] != UInt8(ascii: "\"") {
          i += bytes[i] == UInt8(ascii: "\\") ? 2 : 1
        }
        if expectingKey, let top = stack.last, var keys = top {
          let key = Array(bytes[(start + 1)..<min(i, bytes.count)])
          if keys.contains(key) {
            let name = String(decoding: key.prefix(40), as: UTF8.self)
            return problem(
              "the key `\(name)` appears twice in one object", at: start,
              help: "keep one `\(name)`; the parser would silently keep only the last")
          }
          keys.insert(key)
          stack[stack.count - 1] = keys
          expectingKey = false
        }
        lastComma = -1
      case UInt8(ascii: "{"):
        stack.append([])
        expectingKey = true
        lastComma = -1
      case UInt8(ascii: "["):
        stack.append(nil)
        expectingKey = false
        lastComma = -1
      case UInt8(ascii: "}"), UInt8(ascii: "]"):
        if lastComma >= 0 {
          return problem(
            "a comma before `\(String(UnicodeScalar(c)))`", at: lastComma,
            help: "remove the comma after the last item")
        }
        if !stack.isEmpty { stack.removeLast() }
        expectingKey = false
      case UInt8(ascii: ","):
        lastComma = i
        if let top = stack.last, top != nil { expectingKey = true }
      case 0x20, 0x0A, 0x0D, 0x09:
        break
      case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
        // A number the parser takes but a decimal cannot hold exactly: it would come out as 0
        // (`1e-400`) or rounded (more than 38 digits).
        let start = i
        var significant = 0
        var leading = true
        var exponent = 0
        var fraction = 0
        var inFraction = false
        var inExponent = false
        while i < bytes.count {
          let b = bytes[i]
          if b >= UInt8(ascii: "0"), b <= UInt8(ascii: "9") {
            if inExponent {
              exponent = min(exponent * 10 + Int(b - UInt8(ascii: "0")), 100_000)
            } else {
              if inFraction { fraction += 1 }
              if !(leading && b == UInt8(ascii: "0")) {
                leading = false
                significant += 1
              }
            }
          } else if b == UInt8(ascii: "e") || b == UInt8(ascii: "E") {
            inExponent = true
          } else if b == UInt8(ascii: "."), !inExponent {
            inFraction = true
          } else if !(b == UInt8(ascii: "+") || b == UInt8(ascii: "-")) {
            break
          }
          i += 1
        }
        if exponent > 100 || fraction > 100 || significant > 38 {
          let number = String(decoding: bytes[start..<i].prefix(40), as: UTF8.self)
          return problem(
            "the number `\(number)` does not fit in a decimal", at: start,
            help: "write amounts as plain decimals such as 1250.00")
        }
        lastComma = -1
        continue
      default:
        lastComma = -1
      }
      i += 1
    }
    return nil
  }
}

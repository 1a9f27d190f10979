import Diagnostics

/// Escaping of text that comes from input files (payer names, codes, playbook wording) before it
/// goes into markup.
enum Escape {
  /// HTML text and attribute values: `& < > " '`.
  static func html(_ raw: String) -> String {
    let s = raw.withVisibleControls
    var out = ""
    out.reserveCapacity(s.count)
    for ch in s {
      switch ch {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&#39;"
      default: out.append(ch)
      }
    }
    return out
  }

  /// Markdown inline text: a backslash before every character CommonMark could read as inline
  /// markup (links, emphasis, code, raw HTML, entities, table pipes), and line breaks flattened
  /// so input cannot start a new block. Block markers (`#`, `-`, `1.`) only count at the start
  /// of a line, and rendered text never starts a line with input; see `markdownLineStart`.
  static func markdown(_ raw: String) -> String {
    let s = raw.withVisibleControls
    var out = ""
    for ch in s {
      switch ch {
      case "\\", "`", "*", "_", "[", "]", "<", ">", "|", "~", "&":
        out.append("\\")
        out.append(ch)
      case "\n", "\r", "\r\n": out.append(" ")
      default: out.append(ch)
      }
    }
    return out
  }

  /// Markdown text that starts a line: also escapes a leading block marker.
  static func markdownLineStart(_ s: String) -> String {
    let escaped = markdown(s)
    guard let first = escaped.first else { return escaped }
    if "#-+=".contains(first) { return "\\" + escaped }
    let digits = escaped.prefix { $0.isASCII && $0.isNumber }
    let rest = escaped.dropFirst(digits.count)
    if !digits.isEmpty, let mark = rest.first, mark == "." || mark == ")" {
      return digits + "\\" + rest
    }
    return escaped
  }

  /// A Markdown code span that holds any text: fenced with more backticks than the text's longest
  /// run, padded when the text starts or ends with a backtick.
  static func markdownCode(_ s: String) -> String {
    let flat = s.replacingLineBreaks()
    var longest = 0
    var run = 0
    for ch in flat {
      run = ch == "`" ? run + 1 : 0
      longest = max(longest, run)
    }
    let fence = String(repeating: "`", count: longest + 1)
    let pad = flat.hasPrefix("`") || flat.hasSuffix("`") ? " " : ""
    return fence + pad + flat + pad + fence
  }
}

extension String {
  /// Line breaks as spaces and control characters made visible. Nearly every value has neither:
  /// one pass over the UTF-8 bytes says so, and the string is returned as it is (0xC2 starts
  /// the C1 controls U+0080–U+009F, and a few printable characters, which take the long way).
  func replacingLineBreaks() -> String {
    if !utf8.contains(where: { $0 < 0x20 || $0 == 0x7F || $0 == 0xC2 }) { return self }
    return String(map { $0 == "\n" || $0 == "\r" || $0 == "\r\n" ? " " : $0 }).withVisibleControls
  }
}

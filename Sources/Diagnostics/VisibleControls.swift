extension String {
  /// The text with control characters (other than tab and line breaks) shown as `\u{1B}`
  /// instead of being sent to the terminal: input files must not be able to move the cursor,
  /// change colors or hide text in what Payerbook prints.
  public var withVisibleControls: String { visibleControls(keepingColors: false) }

  /// Like ``withVisibleControls``, but keeps color sequences (`ESC [ digits ; m`) when the
  /// output is colored on purpose.
  public func visibleControls(keepingColors: Bool) -> String {
    guard unicodeScalars.contains(where: { ($0.value < 0x20 && $0 != "\t" && $0 != "\n" && $0 != "\r") || (0x7F...0x9F).contains($0.value) }) else {
      return self
    }
    var out = ""
    let scalars = Array(unicodeScalars)
    var i = 0
    while i < scalars.count {
      let scalar = scalars[i]
      i += 1
      if keepingColors, scalar == "\u{1B}", i < scalars.count, scalars[i] == "[" {
        var j = i + 1
        while j < scalars.count, ("0"..."9").contains(scalars[j]) || scalars[j] == ";" { j += 1 }
        if j < scalars.count, scalars[j] == "m" {
          out.unicodeScalars.append(contentsOf: scalars[(i - 1)...j])
          i = j + 1
          continue
        }
      }
      if (scalar.value < 0x20 && scalar != "\t" && scalar != "\n" && scalar != "\r") || (0x7F...0x9F).contains(scalar.value) {
        out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
      } else {
        out.unicodeScalars.append(scalar)
      }
    }
    return out
  }
}

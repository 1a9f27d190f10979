import Claims
import Diagnostics
import Foundation
import YAMLLoading

/// Turns a ``ProposedChange`` into an edited playbook file, by the source positions the YAML
/// layer keeps: only the lines the change touches differ; comments, key order and formatting
/// everywhere else stay as they were. Nothing is re-emitted from a parsed model.
public struct PatchWriter {
  /// A failure to place an edit, in words.
  public struct PatchError: Error, Sendable, CustomStringConvertible {
    /// What could not be done.
    public var message: String
    public var description: String { message }
  }

  /// The file's text split in lines (each without its line break).
  var lines: [String]
  let path: String
  /// Whether the file ended with a line break.
  let finalNewline: Bool

  /// Starts from a file's text.
  public init(path: String, text: String) {
    self.path = path
    finalNewline = text.hasSuffix("\n")
    var parts = text.components(separatedBy: "\n")
    if finalNewline { parts.removeLast() }
    lines = parts
  }

  /// The current text.
  public var text: String { lines.joined(separator: "\n") + (finalNewline ? "\n" : "") }

  // MARK: Reading the current text

  func root() throws -> YAMLNode {
    let result = YAMLLoader().load(SourceFile(path: path, text: text))
    guard let root = result.root, root.mapping != nil else {
      throw PatchError(message: "`\(path)` does not parse as a playbook; fix it with `payerbook lint` first")
    }
    return root
  }

  static func scalarText(_ node: YAMLNode?) -> String? {
    guard let s = node?.scalar, !s.isNull else { return nil }
    return s.text
  }

  /// The item of `denial_reasons` (or `appeal_levels`) with an id.
  func item(section: String, id: String) throws -> YAMLNode? {
    try root()[section]?.sequence?.first { Self.scalarText($0["id"]) == id }
  }

  /// The 0-based index of the last line that belongs to a block node (its last non-blank,
  /// non-comment line before the node's end).
  func lastLine(of node: YAMLNode) -> Int {
    var end = node.span.end.line - 1
    if node.span.end.column == 1 { end -= 1 }
    end = min(max(end, node.span.start.line - 1), lines.count - 1)
    while end > node.span.start.line - 1 {
      let trimmed = lines[end].trimmingCharacters(in: .whitespaces)
      if trimmed.isEmpty || trimmed.hasPrefix("#") { end -= 1 } else { break }
    }
    return end
  }

  static func indentation(_ line: String) -> String { String(line.prefix { $0 == " " }) }

  /// Replaces the characters of a node (on one line) with new text.
  mutating func replace(_ node: YAMLNode, with replacement: String) throws {
    let s = node.span
    guard s.start.line == s.end.line || (s.end.line == s.start.line + 1 && s.end.column == 1) else {
      throw PatchError(message: "the value at \(path):\(s.start.line) spans several lines; edit it by hand")
    }
    let i = s.start.line - 1
    let scalars = Array(lines[i].unicodeScalars)
    let from = s.start.column - 1
    let to = s.end.line == s.start.line ? s.end.column - 1 : scalars.count
    var out = String.UnicodeScalarView()
    out.append(contentsOf: scalars[..<from])
    out.append(contentsOf: replacement.unicodeScalars)
    out.append(contentsOf: scalars[to...])
    lines[i] = String(out)
  }

  /// Inserts lines after a 0-based line index.
  mutating func insert(_ new: [String], after index: Int) {
    lines.insert(contentsOf: new, at: index + 1)
  }

  /// The indentation of a mapping's keys (for an item written `  - id: x`, four spaces).
  func keyIndent(_ mapping: YAMLNode) -> String {
    String(repeating: " ", count: max(0, mapping.span.start.column - 1))
  }

  /// A YAML scalar, quoted when plain text would be misread.
  static func yamlText(_ s: String) -> String {
    let risky = s.isEmpty || s.contains(": ") || s.contains(" #") || s.hasPrefix(" ") || s.hasSuffix(" ")
      || "-?:,[]{}#&*!|>'\"%@`".contains(s.first ?? " ")
    guard risky else { return s }
    return "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
  }

  static func flowList(_ items: [String]) -> String { "[" + items.map(yamlText).joined(separator: ", ") + "]" }

  // MARK: Edits

  /// Applies a change to a reason or level written in this file.
  public mutating func apply(_ change: ProposedChange) throws {
    switch change {
    case .addReason(let id, let title, let group, let carc, let rarcs, let procedures):
      var match = ["group: [\(group)]", "carc: [\(Self.yamlText(carc))]"]
      if !rarcs.isEmpty { match.append("rarc: \(Self.flowList(rarcs))") }
      if !procedures.isEmpty { match.append("procedures: \(Self.flowList(procedures))") }
      try appendReason([
        "- id: \(id)",
        "  title: \(Self.yamlText(title))",
        "  match: {\(match.joined(separator: ", "))}",
        "  # Suggested from recurring unplaybooked denials: write the gap, the proofs and the steps.",
        "  requires: []",
        "  steps:",
        "    - Describe what worked for these denials",
      ])
    case .addRequired(let reason, let proof):
      try editList(reason: reason, key: "requires") { items in items.contains(proof) ? items : items + [proof] }
    case .removeRequired(let reason, let proof):
      try editList(reason: reason, key: "requires") { items in items.filter { $0 != proof } }
    case .setAction(let reason, let action, let why):
      try setKey(reason: reason, key: "action", value: "{type: \(action), reason: \(Self.yamlText(why))}")
    case .reviewSteps(let reason, let note):
      guard let node = try item(section: "denial_reasons", id: reason) else { throw missing("denial reason", reason) }
      let anchor = node["steps"].map { _ in node.mapping!.first { $0.key.text == "steps" }!.keySpan.start.line - 1 } ?? (node.span.start.line - 1)
      let indent = Self.indentation(lines[anchor]) + (anchor == node.span.start.line - 1 ? "  " : "")
      lines.insert("\(indent)# REVIEW: \(note)", at: anchor)
    case .shortenDeadline(let level, let days):
      guard let node = try item(section: "appeal_levels", id: level) else { throw missing("appeal level", level) }
      guard let deadline = node["deadline"], let count = deadline["days"] else {
        throw PatchError(message: "appeal level `\(level)` has no `days` deadline to shorten; edit it by hand")
      }
      try replace(count, with: String(days))
    case .addPrevent(let reason, let requires, let severity, let message):
      try setKey(
        reason: reason, key: "prevent",
        value: "{requires: \(Self.flowList(requires)), severity: \(severity), message: \(Self.yamlText(message))}")
    case .disableReason(let reason):
      try setKey(reason: reason, key: "enabled", value: "false")
    }
  }

  func missing(_ what: String, _ id: String) -> PatchError {
    PatchError(message: "\(what) `\(id)` is not written in `\(path)`")
  }

  /// Whether a reason is written in this file.
  public func defines(reason id: String) -> Bool { (try? item(section: "denial_reasons", id: id)) != nil }

  /// Whether a level is written in this file.
  public func defines(level id: String) -> Bool { (try? item(section: "appeal_levels", id: id)) != nil }

  /// Appends an item to `denial_reasons`, creating the section at the end of the file when
  /// absent. `item` lines are relative: the first starts with `- `.
  mutating func appendReason(_ item: [String]) throws {
    let root = try root()
    if let section = root["denial_reasons"], let items = section.sequence {
      if let last = items.last {
        let dashIndent = String(repeating: " ", count: max(0, last.span.start.column - 3))
        insert(item.map { dashIndent + $0 }, after: lastLine(of: last))
      } else {
        // `denial_reasons: []`: replace the empty flow list with a block list.
        try replace(section, with: "")
        let keyLine = section.span.start.line - 1
        insert(item.map { "  " + $0 }, after: keyLine)
      }
      return
    }
    if lines.last.map({ !$0.trimmingCharacters(in: .whitespaces).isEmpty }) ?? false { lines.append("") }
    lines.append("denial_reasons:")
    lines += item.map { "  " + $0 }
  }

  /// Copies a reason's text from another file (a base) into this file's `denial_reasons`, so
  /// the payer can change it without changing the base for every payer that shares it.
  public mutating func localize(reason id: String, from base: PatchWriter) throws {
    guard let node = try base.item(section: "denial_reasons", id: id) else { throw base.missing("denial reason", id) }
    let first = node.span.start.line - 1
    let last = base.lastLine(of: node)
    let dashColumn = max(0, node.span.start.column - 3)
    let block = base.lines[first...last].map { String($0.dropFirst(min(dashColumn, Self.indentation($0).count))) }
    try appendReason(["# Copied from \(base.path) to change it for this payer only."] + block)
  }

  /// Edits a reason's list value (`requires`), keeping its style: a flow list stays a flow
  /// list; a block list gains or loses lines.
  mutating func editList(reason: String, key: String, _ edit: ([String]) -> [String]) throws {
    guard let node = try item(section: "denial_reasons", id: reason) else { throw missing("denial reason", reason) }
    guard let value = node[key] else {
      let items = edit([])
      try setKey(reason: reason, key: key, value: Self.flowList(items))
      return
    }
    if let items = value.sequence {
      let current = items.compactMap { Self.scalarText($0) }
      let wanted = edit(current)
      if value.span.start.line == value.span.end.line || (items.isEmpty) || Array(lines[value.span.start.line - 1].unicodeScalars)[value.span.start.column - 1] == "[" {
        try replace(value, with: Self.flowList(wanted))
        return
      }
      // Block list: remove dropped items' lines, add new ones after the last item.
      let indent = Self.indentation(lines[items[0].span.start.line - 1])
      let removed = items.filter { !wanted.contains(Self.scalarText($0) ?? "") }.map { $0.span.start.line - 1 }
      let added = wanted.filter { !current.contains($0) }
      let lastIndex = items.last.map { $0.span.start.line - 1 } ?? 0
      insert(added.map { "\(indent)- \(Self.yamlText($0))" }, after: lastIndex)
      for line in removed.sorted(by: >) { lines.remove(at: line) }
      return
    }
    // A single scalar written for a one-item list.
    try replace(value, with: Self.flowList(edit([Self.scalarText(value) ?? ""].filter { !$0.isEmpty })))
  }

  /// Sets a key of a reason: replaces its value when present (one line), else adds the key
  /// after the reason's `title` line.
  mutating func setKey(reason: String, key: String, value: String) throws {
    guard let node = try item(section: "denial_reasons", id: reason), let pairs = node.mapping else {
      throw missing("denial reason", reason)
    }
    if let existing = pairs.first(where: { $0.key.text == key }) {
      if existing.value.span.start.line == existing.value.span.end.line || existing.value.scalar != nil {
        try replace(existing.value, with: value)
        return
      }
      // A block value: replace its lines with one flow line.
      let keyLine = existing.keySpan.start.line - 1
      let last = lastLine(of: existing.value)
      lines.removeSubrange(keyLine...last)
      lines.insert("\(keyIndent(node))\(key): \(value)", at: keyLine)
      return
    }
    let anchor = pairs.first { $0.key.text == "title" } ?? pairs[0]
    let anchorLine = anchor.value.mapping != nil || anchor.value.sequence != nil ? lastLine(of: anchor.value) : anchor.keySpan.start.line - 1
    insert(["\(keyIndent(node))\(key): \(value)"], after: anchorLine)
  }

  /// Sets the top-level `revision`, or adds it at the end of the file.
  public mutating func setRevision(_ revision: String) throws {
    let root = try root()
    if let node = root["revision"] {
      try replace(node, with: Self.yamlText(revision))
    } else {
      lines.append("revision: \(Self.yamlText(revision))")
    }
  }

  /// The current top-level `revision`.
  public func revision() -> String? { (try? root()).flatMap { Self.scalarText($0["revision"]) } }
}

/// Unified diffs of line arrays.
public enum UnifiedDiff {
  /// A unified diff (`--- a/PATH`, `+++ b/PATH`, hunks with 3 lines of context); empty when the
  /// texts are equal.
  public static func make(path: String, old: String, new: String, context: Int = 3) -> String {
    let a = old.components(separatedBy: "\n")
    let b = new.components(separatedBy: "\n")
    if a == b { return "" }
    // Longest common subsequence table (playbooks are small: a few hundred lines).
    let n = a.count
    let m = b.count
    var lcs = [[Int32]](repeating: [Int32](repeating: 0, count: m + 1), count: n + 1)
    for i in stride(from: n - 1, through: 0, by: -1) {
      for j in stride(from: m - 1, through: 0, by: -1) {
        lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : max(lcs[i + 1][j], lcs[i][j + 1])
      }
    }
    enum Op { case same(Int, Int), del(Int), add(Int) }
    var ops: [Op] = []
    var i = 0
    var j = 0
    while i < n || j < m {
      if i < n, j < m, a[i] == b[j] {
        ops.append(.same(i, j))
        i += 1
        j += 1
      } else if i < n, j == m || lcs[i + 1][j] >= lcs[i][j + 1] {
        ops.append(.del(i))
        i += 1
      } else {
        ops.append(.add(j))
        j += 1
      }
    }
    // Line numbers before each op: how many old and new lines precede it.
    var oldBefore: [Int] = []
    var newBefore: [Int] = []
    var x = 0
    var y = 0
    for op in ops {
      oldBefore.append(x)
      newBefore.append(y)
      switch op {
      case .same: x += 1; y += 1
      case .del: x += 1
      case .add: y += 1
      }
    }
    func isChange(_ i: Int) -> Bool { if case .same = ops[i] { return false } else { return true } }
    var out = "--- a/\(path)\n+++ b/\(path)\n"
    var k = 0
    while let start = (k..<ops.count).first(where: isChange) {
      // Grow the hunk while the next change is within 2 * context unchanged lines.
      var end = start
      var next = start + 1
      while let c = (next..<ops.count).first(where: isChange), c - end <= 2 * context {
        end = c
        next = c + 1
      }
      let from = max(k, start - context)
      let to = min(ops.count - 1, end + context)
      var body = ""
      var oldCount = 0
      var newCount = 0
      for op in ops[from...to] {
        switch op {
        case .same(let i, _): body += " \(a[i])\n"; oldCount += 1; newCount += 1
        case .del(let i): body += "-\(a[i])\n"; oldCount += 1
        case .add(let j): body += "+\(b[j])\n"; newCount += 1
        }
      }
      out += "@@ -\(oldBefore[from] + (oldCount == 0 ? 0 : 1)),\(oldCount) +\(newBefore[from] + (newCount == 0 ? 0 : 1)),\(newCount) @@\n" + body
      k = to + 1
    }
    return out
  }
}

internal import CYAML
import Diagnostics

/// Loads one YAML document into a located ``YAMLNode`` tree, strictly.
///
/// Built on libyaml's event API. What it enforces beyond YAML syntax:
/// - exactly one document per file;
/// - mapping keys are text, and unique within their mapping (PB103 names both lines);
/// - no explicit tags: the playbook schema decides types (PB106);
/// - aliases expand to a bounded number of nodes, so a "billion laughs" file fails fast
///   without allocating (PB104);
/// - a tab in indentation gets its own message (PB102).
///
/// A UTF-8 byte order mark is accepted. Scalars are never typed here.
public struct YAMLLoader: Sendable {
  /// The largest number of nodes that aliases may add to a document.
  public var aliasExpansionLimit: Int

  /// Creates a loader.
  public init(aliasExpansionLimit: Int = 100_000) {
    self.aliasExpansionLimit = aliasExpansionLimit
  }

  /// The result of loading a file: the root node when the file parsed, and every problem.
  public struct Result: Sendable {
    /// The document's root; nil when the file could not be parsed.
    public var root: YAMLNode?
    /// Syntax and structure problems, in file order.
    public var diagnostics: [Diagnostic]
  }

  /// Loads a file.
  public func load(_ file: SourceFile) -> Result {
    file.bytes.withUnsafeBufferPointer { buffer in
      var builder = TreeBuilder(file: file, buffer: buffer, limit: aliasExpansionLimit)
      builder.run()
      return Result(root: builder.root, diagnostics: builder.diagnostics)
    }
  }
}

/// Drives libyaml and assembles the tree.
private struct TreeBuilder {
  let file: SourceFile
  let buffer: UnsafeBufferPointer<UInt8>
  let limit: Int
  var offsets: OffsetMapper
  var root: YAMLNode?
  var diagnostics: [Diagnostic] = []

  /// A collection being assembled: a sequence's items, or a mapping's pairs, its key waiting
  /// for a value and the keys seen so far. A class so that appending mutates in place (an enum
  /// payload rebound by pattern matching was copied on every append: quadratic in list length).
  final class Frame {
    let isMapping: Bool
    let start: SourcePosition
    let anchor: String?
    var items: [YAMLNode] = []
    var pairs: [YAMLPair] = []
    var pendingKey: (YAMLScalar, SourceSpan)?
    /// Keys seen so far with where each was last written: a list searched from the end while
    /// the mapping is small (the common case, cheaper than hashing), a dictionary beyond that.
    /// Positions only (no file reference to retain per key); the span is rebuilt on a duplicate.
    var keyList: [(String, SourcePosition, SourcePosition)] = []
    var keyIndex: [String: (SourcePosition, SourcePosition)]?
    /// Nodes in the collection, itself included (for the alias expansion bound).
    var size = 1

    init(isMapping: Bool, start: SourcePosition, anchor: String?) {
      self.isMapping = isMapping
      self.start = start
      self.anchor = anchor
    }

    /// Where `key` was last written in this mapping, if it was.
    func lastSpan(ofKey key: String, in file: SourceFile) -> SourceSpan? {
      if let keyIndex {
        guard let (start, end) = keyIndex[key] else { return nil }
        return SourceSpan(file: file, start: start, end: end)
      }
      let length = key.utf8.count
      for i in keyList.indices.reversed() where keyList[i].0.utf8.count == length && keyList[i].0 == key {
        return SourceSpan(file: file, start: keyList[i].1, end: keyList[i].2)
      }
      return nil
    }

    /// Records a key, replacing an earlier span of the same key.
    func record(key: String, at span: SourceSpan) {
      if keyIndex != nil {
        keyIndex![key] = (span.start, span.end)
        return
      }
      keyList.append((key, span.start, span.end))
      if keyList.count > 16 {
        keyIndex = Dictionary(keyList.map { ($0.0, ($0.1, $0.2)) }, uniquingKeysWith: { _, last in last })
        keyList = []
      }
    }

    /// True for a mapping whose next scalar is a key.
    var expectsKey: Bool { isMapping && pendingKey == nil }
  }

  var stack: [Frame] = []
  var anchors: [String: (node: YAMLNode, size: Int)] = [:]
  var expanded = 0
  var documents = 0
  var failed = false

  init(file: SourceFile, buffer: UnsafeBufferPointer<UInt8>, limit: Int) {
    self.file = file
    self.buffer = buffer
    self.limit = limit
    self.offsets = OffsetMapper(buffer)
  }

  func span(_ start: yaml_mark_t, _ end: yaml_mark_t) -> SourceSpan {
    SourceSpan(file: file, start: position(start), end: position(end))
  }

  func position(_ mark: yaml_mark_t) -> SourcePosition {
    SourcePosition(line: Int(mark.line) + 1, column: Int(mark.column) + 1, offset: offsets.byteOffset(ofCharacter: Int(mark.index)))
  }

  mutating func run() {
    var parser = yaml_parser_t()
    guard yaml_parser_initialize(&parser) == 1 else {
      diagnostics.append(Diagnostic(.yamlSyntax, "yaml parser could not start (out of memory)", at: nil, path: file.path))
      return
    }
    defer { yaml_parser_delete(&parser) }
    if let base = buffer.baseAddress {
      yaml_parser_set_input_string(&parser, base, buffer.count)
    } else {
      diagnostics.append(Diagnostic(.emptyDocument, "the file is empty", at: emptySpan, help: "write the playbook's sections, starting with `payer:`"))
      return
    }
    var event = yaml_event_t()
    while !failed {
      guard yaml_parser_parse(&parser, &event) == 1 else {
        reportParserError(parser)
        return
      }
      let done = event.type == YAML_STREAM_END_EVENT
      handle(event)
      yaml_event_delete(&event)
      if done { break }
    }
    if !failed && root == nil && documents <= 1 {
      diagnostics.append(Diagnostic(.emptyDocument, "the file holds no YAML content", at: emptySpan, help: "write the playbook's sections, starting with `payer:`"))
    }
  }

  var emptySpan: SourceSpan {
    let p = SourcePosition(line: 1, column: 1, offset: 0)
    return SourceSpan(file: file, start: p, end: p)
  }

  mutating func handle(_ event: yaml_event_t) {
    switch event.type {
    case YAML_DOCUMENT_START_EVENT:
      documents += 1
      if documents > 1 {
        diagnostics.append(
          Diagnostic(
            .multipleDocuments, "the file holds more than one YAML document", at: span(event.start_mark, event.end_mark),
            help: "keep one playbook per file; remove this `---` line or move what follows to its own file"))
        failed = true
      }
    case YAML_SCALAR_EVENT:
      let data = event.data.scalar
      let text = data.value.map { String(decoding: UnsafeBufferPointer(start: $0, count: Int(data.length)), as: UTF8.self) } ?? ""
      let style: ScalarStyle
      switch data.style {
      case YAML_SINGLE_QUOTED_SCALAR_STYLE: style = .singleQuoted
      case YAML_DOUBLE_QUOTED_SCALAR_STYLE: style = .doubleQuoted
      case YAML_LITERAL_SCALAR_STYLE: style = .literal
      case YAML_FOLDED_SCALAR_STYLE: style = .folded
      default: style = .plain
      }
      let nodeSpan = span(event.start_mark, event.end_mark)
      checkTag(data.tag, at: nodeSpan)
      let anchor = data.anchor.map { String(cString: $0) }
      let scalar = YAMLScalar(text: text, style: style)
      // A scalar in key position becomes a pending key, not a node.
      if let frame = stack.last, frame.expectsKey {
        if let first = frame.lastSpan(ofKey: text, in: file) {
          diagnostics.append(
            Diagnostic(
              .duplicateKey, "duplicate key `\(text)` (first written on line \(first.start.line))", at: nodeSpan,
              help: "remove one of the two `\(text)` entries, or merge them",
              notes: [Diagnostic.Note("first `\(text)` is here", at: first)]))
        }
        frame.record(key: text, at: nodeSpan)
        frame.pendingKey = (scalar, nodeSpan)
        if let anchor { anchors[anchor] = (YAMLNode(.scalar(scalar), span: nodeSpan, anchor: anchor), 1) }
        return
      }
      let node = YAMLNode(.scalar(scalar), span: nodeSpan, anchor: anchor)
      if let anchor { anchors[anchor] = (node, 1) }
      add(node, size: 1)
    case YAML_SEQUENCE_START_EVENT:
      let data = event.data.sequence_start
      checkTag(data.tag, at: span(event.start_mark, event.end_mark))
      if rejectComplexKey(event) { return }
      stack.append(Frame(isMapping: false, start: position(event.start_mark), anchor: data.anchor.map { String(cString: $0) }))
    case YAML_MAPPING_START_EVENT:
      let data = event.data.mapping_start
      checkTag(data.tag, at: span(event.start_mark, event.end_mark))
      if rejectComplexKey(event) { return }
      stack.append(Frame(isMapping: true, start: position(event.start_mark), anchor: data.anchor.map { String(cString: $0) }))
    case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
      guard let frame = stack.popLast() else { return }
      let end = position(event.end_mark)
      let node = YAMLNode(
        frame.isMapping ? .mapping(frame.pairs) : .sequence(frame.items), span: SourceSpan(file: file, start: frame.start, end: end),
        anchor: frame.anchor)
      let size = frame.size
      if let anchor = node.anchor { anchors[anchor] = (node, size) }
      add(node, size: size)
    case YAML_ALIAS_EVENT:
      let name = event.data.alias.anchor.map { String(cString: $0) } ?? ""
      let aliasSpan = span(event.start_mark, event.end_mark)
      guard let target = anchors[name] else {
        diagnostics.append(
          Diagnostic(.undefinedAlias, "alias `*\(name)` refers to no anchor defined above it", at: aliasSpan,
                     help: "define `&\(name)` on a value before this line, or fix the name"))
        failed = true
        return
      }
      expanded += target.size
      if expanded > limit {
        diagnostics.append(
          Diagnostic(
            .aliasExpansion, "aliases expand to more than \(limit) nodes", at: aliasSpan,
            help: "this looks like a \"billion laughs\" file; write the values out or reuse fewer nested aliases"))
        failed = true
        return
      }
      if let frame = stack.last, frame.expectsKey {
        // An alias used as a key: only text keys are allowed.
        guard let s = target.node.scalar else {
          diagnostics.append(Diagnostic(.complexKey, "a mapping key must be text, not \(target.node.shapeDescription)", at: aliasSpan))
          failed = true
          return
        }
        frame.pendingKey = (s, aliasSpan)
        return
      }
      add(target.node, size: target.size)
    default:
      break
    }
  }

  /// Reports a list or mapping in key position (YAML complex keys).
  mutating func rejectComplexKey(_ event: yaml_event_t) -> Bool {
    if let frame = stack.last, frame.expectsKey {
      diagnostics.append(
        Diagnostic(.complexKey, "a mapping key must be text, not a list or mapping", at: span(event.start_mark, event.end_mark),
                   help: "write the key as plain text followed by `:`"))
      failed = true
      return true
    }
    return false
  }

  mutating func checkTag(_ tag: UnsafeMutablePointer<yaml_char_t>?, at nodeSpan: SourceSpan) {
    guard let tag else { return }
    var name = String(cString: tag)
    if name.hasPrefix("tag:yaml.org,2002:") { name = "!!" + name.dropFirst("tag:yaml.org,2002:".count) }
    diagnostics.append(
      Diagnostic(.unsupportedTag, "explicit tag `\(name)` is not used in playbooks", at: nodeSpan,
                 help: "remove the tag; each field already knows its type (quote the value if it must be text)"))
  }

  mutating func add(_ node: YAMLNode, size: Int) {
    guard let frame = stack.last else {
      root = node
      return
    }
    if frame.isMapping {
      if let key = frame.pendingKey {
        frame.pairs.append(YAMLPair(key: key.0, keySpan: key.1, value: node))
      }
      frame.pendingKey = nil
    } else {
      frame.items.append(node)
    }
    frame.size += size
  }

  mutating func reportParserError(_ parser: yaml_parser_t) {
    failed = true
    let problem = parser.problem.map { String(cString: $0) } ?? "unknown problem"
    let context = parser.context.map { String(cString: $0) }
    var mark = parser.problem_mark
    if parser.error == YAML_READER_ERROR {
      // Reader errors carry a byte offset in `problem_offset`.
      let offset = Int(parser.problem_offset)
      let p = file.position(ofByte: offset)
      diagnostics.append(
        Diagnostic(.encoding, "the file is not valid UTF-8 text (\(problem))", at: SourceSpan(file: file, start: p, end: p),
                   help: "save the file as UTF-8 (most editors offer this under \"Save with encoding\")"))
      return
    }
    // libyaml reports some errors at the context mark only; and for a quote or bracket left
    // open, the place it was opened is more useful than the end of the file.
    if let c = context, !c.isEmpty,
      (mark.line == 0 && mark.column == 0 && mark.index == 0) || problem.contains("end of stream")
    {
      mark = parser.context_mark
    }
    let start = position(mark)
    let errorSpan = SourceSpan(file: file, start: start, end: SourcePosition(line: start.line, column: start.column + 1, offset: start.offset + 1))
    if let tab = tabIndentation(near: start.line) {
      diagnostics.append(
        Diagnostic(.tabIndentation, "a tab is used for indentation", at: tab,
                   help: "indent with spaces only (2 per level is usual); set your editor to insert spaces for Tab"))
      return
    }
    var message = problem
    if let context, !context.isEmpty { message = "\(problem) \(context)" }
    var notes: [Diagnostic.Note] = []
    if let context, !context.isEmpty, parser.context_mark.line != mark.line || parser.context_mark.column != mark.column {
      let c = position(parser.context_mark)
      notes.append(Diagnostic.Note("\(context) that started here", at: SourceSpan(file: file, start: c, end: c)))
      message = problem
    }
    diagnostics.append(
      Diagnostic(.yamlSyntax, "yaml syntax: \(message)", at: errorSpan, help: Self.help(forProblem: problem, context: context), notes: notes))
  }

  /// A likely fix for common libyaml problems, in words an operations lead can act on.
  static func help(forProblem problem: String, context: String?) -> String {
    if problem.contains("mapping values are not allowed") {
      return "a value that contains `: ` must be quoted, or this line is indented under a value by mistake"
    }
    if problem.contains("could not find expected ':'") {
      return "each entry needs `key: value`; check for a missing colon or an unclosed quote on this line or the one above"
    }
    if problem.contains("did not find expected key") || problem.contains("did not find expected '-'") {
      return "this line's indentation does not line up with the entries above it; align it with its siblings"
    }
    if problem.contains("found unexpected end of stream") {
      return "a quote or bracket is opened but never closed; close it"
    }
    if problem.contains("cannot start any token") {
      return "values starting with `@`, `` ` `` or `%` must be quoted"
    }
    if problem.contains("did not find expected node content") || problem.contains("did not find expected ',' or") {
      return "check the brackets and commas of this inline list or mapping"
    }
    if problem.contains("block sequence entries are not allowed") {
      return "a list under a key starts on the next line, indented: `key:` then `  - item`"
    }
    return "check the indentation and quoting on this line and the line above"
  }

  /// The position of a tab in the leading whitespace of a line, or of the line above.
  func tabIndentation(near line: Int) -> SourceSpan? {
    for candidate in [line, line - 1, line + 1] where candidate >= 1 && candidate <= file.lineStarts.count {
      var i = file.lineStarts[candidate - 1]
      while i < buffer.count, buffer[i] == 0x20 || buffer[i] == 0x09 {
        if buffer[i] == 0x09 {
          let p = file.position(ofByte: i)
          return SourceSpan(file: file, start: p, end: SourcePosition(line: p.line, column: p.column + 1, offset: i + 1))
        }
        i += 1
      }
    }
    return nil
  }
}

/// Converts libyaml's character indexes into byte offsets.
///
/// libyaml's `mark.index` counts characters, not bytes, and skips the byte order mark. For pure
/// ASCII files (the common case) the offset is the index (plus 3 after a BOM); otherwise a
/// cursor walks forward through the UTF-8, restarting only when asked for an earlier index.
private struct OffsetMapper {
  let buffer: UnsafeBufferPointer<UInt8>
  let bom: Int
  let ascii: Bool
  // Reference-type cursor so lookups stay cheap from non-mutating contexts.
  final class Cursor {
    var character = 0
    var byte = 0
    init(byte: Int) { self.byte = byte }
  }
  let cursor: Cursor

  init(_ buffer: UnsafeBufferPointer<UInt8>) {
    self.buffer = buffer
    let hasBOM = buffer.count >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF
    bom = hasBOM ? 3 : 0
    var allASCII = true
    for b in buffer[bom...] where b >= 0x80 {
      allASCII = false
      break
    }
    ascii = allASCII
    cursor = Cursor(byte: bom)
  }

  func byteOffset(ofCharacter index: Int) -> Int {
    if ascii { return min(index + bom, buffer.count) }
    if index < cursor.character {
      cursor.character = 0
      cursor.byte = bom
    }
    while cursor.character < index, cursor.byte < buffer.count {
      let b = buffer[cursor.byte]
      cursor.byte += b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4
      cursor.character += 1
    }
    return min(cursor.byte, buffer.count)
  }
}

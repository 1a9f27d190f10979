/// A file whose text diagnostics can quote.
///
/// Holds the raw bytes so that a diagnostic can show the offending line with a caret, and a
/// table of line starts so that byte offsets and lines convert both ways.
public final class SourceFile: Sendable, CustomStringConvertible {
  /// The path as the user gave it (shown in diagnostics).
  public let path: String
  /// The file's bytes, exactly as read.
  public let bytes: [UInt8]
  /// Byte offset of the first byte of each line (line 1 is index 0).
  public let lineStarts: [Int]

  /// Creates a source file from its path and bytes.
  public init(path: String, bytes: [UInt8]) {
    self.path = path
    self.bytes = bytes
    var starts = [0]
    starts.reserveCapacity(bytes.count / 24 + 1)
    bytes.withUnsafeBufferPointer { buffer in
      for i in 0..<buffer.count where buffer[i] == 0x0A {
        starts.append(i + 1)
      }
    }
    self.lineStarts = starts
  }

  /// Creates a source file from text (tests and generated inputs).
  public convenience init(path: String, text: String) {
    self.init(path: path, bytes: Array(text.utf8))
  }

  public var description: String { path }

  /// The text of a 1-based line, without its line break.
  public func lineText(_ line: Int) -> String {
    guard line >= 1, line <= lineStarts.count else { return "" }
    let start = lineStarts[line - 1]
    var end = line < lineStarts.count ? lineStarts[line] : bytes.count
    while end > start, bytes[end - 1] == 0x0A || bytes[end - 1] == 0x0D { end -= 1 }
    var begin = start
    // A UTF-8 byte order mark is not part of the text.
    if line == 1, end - begin >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
      begin += 3
    }
    return String(decoding: bytes[begin..<end], as: UTF8.self)
  }

  /// The 1-based line and column (in Unicode scalars) of a byte offset.
  public func position(ofByte offset: Int) -> SourcePosition {
    let clamped = max(0, min(offset, bytes.count))
    var low = 0
    var high = lineStarts.count - 1
    while low < high {
      let mid = (low + high + 1) / 2
      if lineStarts[mid] <= clamped { low = mid } else { high = mid - 1 }
    }
    var column = 1
    var i = lineStarts[low]
    if low == 0, bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF,
      clamped >= 3
    {
      i = 3
    }
    while i < clamped {
      // Count scalar starts (bytes that are not UTF-8 continuation bytes).
      if bytes[i] & 0xC0 != 0x80 { column += 1 }
      i += 1
    }
    return SourcePosition(line: low + 1, column: column, offset: clamped)
  }
}

/// A point in a source file: 1-based line and column (columns count Unicode scalars), and the
/// 0-based byte offset.
public struct SourcePosition: Hashable, Sendable, Comparable, CustomStringConvertible {
  // Stored as 32-bit numbers: a located YAML tree holds two positions per node, and smaller
  // nodes copy faster. Values beyond 32 bits are clamped (no playbook comes near).
  private var storedLine: Int32
  private var storedColumn: Int32
  private var storedOffset: Int32

  /// 1-based line number.
  public var line: Int {
    get { Int(storedLine) }
    set { storedLine = Int32(clamping: newValue) }
  }
  /// 1-based column, counted in Unicode scalars.
  public var column: Int {
    get { Int(storedColumn) }
    set { storedColumn = Int32(clamping: newValue) }
  }
  /// 0-based byte offset from the start of the file.
  public var offset: Int {
    get { Int(storedOffset) }
    set { storedOffset = Int32(clamping: newValue) }
  }

  /// Creates a position.
  public init(line: Int, column: Int, offset: Int) {
    storedLine = Int32(clamping: line)
    storedColumn = Int32(clamping: column)
    storedOffset = Int32(clamping: offset)
  }

  public static func < (a: SourcePosition, b: SourcePosition) -> Bool { a.offset < b.offset }

  public var description: String { "\(line):\(column)" }
}

/// A range of a source file, from `start` up to (not including) `end`.
public struct SourceSpan: Sendable, CustomStringConvertible {
  /// The file the span belongs to.
  public let file: SourceFile
  /// The first position covered.
  public var start: SourcePosition
  /// The position just after the last covered character.
  public var end: SourcePosition

  /// Creates a span.
  public init(file: SourceFile, start: SourcePosition, end: SourcePosition) {
    self.file = file
    self.start = start
    self.end = end
  }

  /// `path:line:column` of the start.
  public var description: String { "\(file.path):\(start.line):\(start.column)" }
}

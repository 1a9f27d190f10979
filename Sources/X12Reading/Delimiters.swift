/// The four delimiters of an X12 interchange, read from its ISA header.
///
/// The element separator is the byte right after `ISA`, the component separator is ISA16, the
/// segment terminator is the byte after ISA16, and the repetition separator is ISA11 for
/// versions 00402 and later (before that ISA11 is a standards identifier such as `U`).
public struct Delimiters: Hashable, Sendable, CustomStringConvertible {
  /// Separates elements, usually `*`.
  public var element: UInt8
  /// Separates the parts of a composite element, usually `:` or `>`.
  public var component: UInt8
  /// Ends a segment, usually `~`; a newline in some files.
  public var segment: UInt8
  /// Separates repeated elements, usually `^`; nil before version 00402.
  public var repetition: UInt8?

  /// Creates a set of delimiters.
  public init(element: UInt8, component: UInt8, segment: UInt8, repetition: UInt8? = nil) {
    self.element = element
    self.component = component
    self.segment = segment
    self.repetition = repetition
  }

  /// `*`, `:`, `~`, no repetition separator: what a file without an ISA most likely uses.
  public static let standard = Delimiters(
    element: UInt8(ascii: "*"), component: UInt8(ascii: ":"), segment: UInt8(ascii: "~"))

  /// True when the delimiters can separate data: none is a letter or digit, and element,
  /// component and segment differ.
  public var isUsable: Bool {
    func ok(_ b: UInt8) -> Bool {
      !((b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A))
    }
    return ok(element) && ok(component) && ok(segment) && element != component
      && element != segment && component != segment && element != 0x20 && segment != 0x20
  }

  public var description: String {
    func show(_ b: UInt8) -> String {
      switch b {
      case 0x0A: return "\\n"
      case 0x0D: return "\\r"
      default: return String(UnicodeScalar(b))
      }
    }
    return "element `\(show(element))`, component `\(show(component))`, segment `\(show(segment))`"
      + (repetition.map { ", repetition `\(show($0))`" } ?? "")
  }
}

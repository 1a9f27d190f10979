import Foundation
import Testing

/// Golden-file comparison shared by the test targets (test targets cannot import each other).
///
/// To re-record after an intended change: `RECORD_GOLDEN=1 swift test --filter TARGET`, then
/// review the diff with `git diff Tests/` before committing. A missing golden file is recorded
/// and the test fails, so a new golden is always looked at once.
public func assertGolden(
  _ name: String, _ actual: String, folder: String, sourceLocation: SourceLocation = #_sourceLocation
) {
  let path = folder + "/" + name
  let record = ProcessInfo.processInfo.environment["RECORD_GOLDEN"] != nil
  guard !record, let data = FileManager.default.contents(atPath: path) else {
    try? Data(actual.utf8).write(to: URL(fileURLWithPath: path))
    Issue.record("recorded golden file \(name); review it and rerun", sourceLocation: sourceLocation)
    return
  }
  let expected = String(decoding: data, as: UTF8.self)
  if expected != actual {
    let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
    let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
    var diff = ""
    for i in 0..<max(e.count, a.count) {
      let el = i < e.count ? String(e[i]) : nil
      let al = i < a.count ? String(a[i]) : nil
      if el != al {
        if let el { diff += "- \(el)\n" }
        if let al { diff += "+ \(al)\n" }
      }
    }
    Issue.record("\(name) differs from its golden file (RECORD_GOLDEN=1 to re-record):\n\(diff)", sourceLocation: sourceLocation)
  }
}

/// The package's root folder.
public let packageRoot: String = URL(fileURLWithPath: #filePath)
  .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

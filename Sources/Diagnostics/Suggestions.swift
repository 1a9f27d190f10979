/// "Did you mean" suggestions from edit distance.
public enum Spelling {
  /// The Levenshtein distance between two strings (case-insensitive).
  public static func distance(_ a: String, _ b: String) -> Int {
    let x = Array(a.lowercased().unicodeScalars)
    let y = Array(b.lowercased().unicodeScalars)
    if x.isEmpty { return y.count }
    if y.isEmpty { return x.count }
    var previous = Array(0...y.count)
    var current = [Int](repeating: 0, count: y.count + 1)
    for i in 1...x.count {
      current[0] = i
      for j in 1...y.count {
        let cost = x[i - 1] == y[j - 1] ? 0 : 1
        current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
      }
      swap(&previous, &current)
    }
    return previous[y.count]
  }

  /// The closest candidate when it is close enough to be a likely typo, else nil.
  ///
  /// Close enough means at most a third of the word's length in edits (at least one), or one
  /// word being the other with `_`/`-` swapped or a plural `s`.
  public static func suggestion(for word: String, among candidates: [String]) -> String? {
    let normalized = word.lowercased().replacingOccurrences(of: "-", with: "_")
    var best: (String, Int)?
    for candidate in candidates {
      let c = candidate.lowercased().replacingOccurrences(of: "-", with: "_")
      if c == normalized || c == normalized + "s" || c + "s" == normalized { return candidate }
      let d = distance(normalized, c)
      if best == nil || d < best!.1 { best = (candidate, d) }
    }
    guard let (candidate, d) = best else { return nil }
    let limit = max(1, min(word.count, candidate.count) / 3)
    return d <= limit ? candidate : nil
  }
}

import Foundation

/// Small exact statistics the miner uses: Fisher's exact test on a 2×2 table, and Wilson and
/// Newcombe score intervals for rates and differences of rates.
///
/// Everything is computed in log space from log-factorials (`lgamma`), so tables with thousands
/// of observations neither overflow nor lose the tail probabilities the miner compares against a
/// corrected significance level (down to about 1e-300).
public enum FisherExact {
  /// A 2×2 table
  /// ```
  ///            success  failure
  ///   group 1     a        b
  ///   group 2     c        d
  /// ```
  public struct Table: Sendable, Equatable {
    public var a: Int, b: Int, c: Int, d: Int
    /// Creates a table; counts must be non-negative.
    public init(_ a: Int, _ b: Int, _ c: Int, _ d: Int) {
      precondition(a >= 0 && b >= 0 && c >= 0 && d >= 0, "counts must be non-negative")
      self.a = a
      self.b = b
      self.c = c
      self.d = d
    }
  }

  /// `log(n!)`.
  @inlinable
  public static func logFactorial(_ n: Int) -> Double {
    n < 2 ? 0 : lgamma(Double(n) + 1)
  }

  /// The log-probability of the table with top-left cell `x` under the hypergeometric law with
  /// the margins of `t` fixed (row sums r1, r2, column sum c1, total n).
  static func logHypergeometric(_ x: Int, r1: Int, r2: Int, c1: Int, n: Int) -> Double {
    // P(X = x) = C(r1, x) C(r2, c1 - x) / C(n, c1)
    let lf = logFactorial
    return lf(r1) - lf(x) - lf(r1 - x) + lf(r2) - lf(c1 - x) - lf(r2 - c1 + x) - (lf(n) - lf(c1) - lf(n - c1))
  }

  /// Two-sided p-value: the total probability of every table with the observed margins that is
  /// no more likely than the observed one (the same rule as R's `fisher.test` and SciPy's
  /// `fisher_exact`, with the same relative tolerance of 1e-7 for ties).
  public static func twoSided(_ t: Table) -> Double {
    let (r1, r2, c1) = (t.a + t.b, t.c + t.d, t.a + t.c)
    let n = r1 + r2
    if n == 0 || r1 == 0 || r2 == 0 || c1 == 0 || c1 == n { return 1 }
    let lo = max(0, c1 - r2), hi = min(r1, c1)
    let observed = logHypergeometric(t.a, r1: r1, r2: r2, c1: c1, n: n)
    // Sum relative to the largest term to keep precision in the tails.
    let logs = (lo...hi).map { logHypergeometric($0, r1: r1, r2: r2, c1: c1, n: n) }
    let cutoff = observed + log1p(1e-7)
    let peak = logs.max()!
    var total = 0.0, tail = 0.0
    for l in logs {
      let w = exp(l - peak)
      total += w
      if l <= cutoff { tail += w }
    }
    return min(1, tail / total)
  }

  /// One-sided p-value for group 1 having the higher success rate (`a` large).
  public static func greater(_ t: Table) -> Double {
    let (r1, r2, c1) = (t.a + t.b, t.c + t.d, t.a + t.c)
    let n = r1 + r2
    if n == 0 || r1 == 0 || r2 == 0 || c1 == 0 || c1 == n { return 1 }
    let lo = max(0, c1 - r2), hi = min(r1, c1)
    let logs = (lo...hi).map { logHypergeometric($0, r1: r1, r2: r2, c1: c1, n: n) }
    let peak = logs.max()!
    var total = 0.0, tail = 0.0
    for (i, l) in logs.enumerated() {
      let w = exp(l - peak)
      total += w
      if lo + i >= t.a { tail += w }
    }
    return min(1, tail / total)
  }

  /// Wilson score interval for `successes` out of `n` (z = 1.96 for 95%). `[0, 1]` for n = 0.
  public static func wilson(_ successes: Int, _ n: Int, z: Double = 1.959963984540054) -> (low: Double, high: Double) {
    guard n > 0 else { return (0, 1) }
    let p = Double(successes) / Double(n), nn = Double(n), z2 = z * z
    let centre = (p + z2 / (2 * nn)) / (1 + z2 / nn)
    let half = z / (1 + z2 / nn) * sqrt(p * (1 - p) / nn + z2 / (4 * nn * nn))
    return (max(0, centre - half), min(1, centre + half))
  }

  /// Newcombe's hybrid score interval (his method 10) for the difference of two independent
  /// rates `s1/n1 - s2/n2`, built from the two Wilson intervals at the same `z`.
  public static func newcombe(_ s1: Int, _ n1: Int, _ s2: Int, _ n2: Int, z: Double = 1.959963984540054) -> (low: Double, high: Double) {
    let p1 = n1 > 0 ? Double(s1) / Double(n1) : 0, p2 = n2 > 0 ? Double(s2) / Double(n2) : 0
    let w1 = wilson(s1, n1, z: z), w2 = wilson(s2, n2, z: z)
    let d = p1 - p2
    let low = d - sqrt((p1 - w1.low) * (p1 - w1.low) + (w2.high - p2) * (w2.high - p2))
    let high = d + sqrt((w1.high - p1) * (w1.high - p1) + (p2 - w2.low) * (p2 - w2.low))
    return (low, high)
  }
}

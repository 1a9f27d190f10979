import Foundation
import Testing

@testable import Suggestions

/// Reference values from SciPy 1.17 (`scipy.stats.fisher_exact`, two-sided and
/// `alternative="greater"`), rounded to the digits shown.
@Suite struct FisherExactTests {
  func close(_ a: Double, _ b: Double, relative: Double = 1e-6, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(abs(a - b) <= relative * max(abs(b), 1e-300), "\(a) != \(b)", sourceLocation: sourceLocation)
  }

  @Test func teaTasting() {
    close(FisherExact.twoSided(.init(3, 1, 1, 3)), 0.48571428571428565)
    close(FisherExact.greater(.init(3, 1, 1, 3)), 0.24285714285714283)
  }

  @Test func knownTwoSidedValues() {
    close(FisherExact.twoSided(.init(10, 2, 3, 15)), 0.0005367241191434357)
    close(FisherExact.twoSided(.init(1, 9, 11, 3)), 0.0027594561852200836)
    close(FisherExact.twoSided(.init(0, 5, 5, 0)), 0.007936507936507938)
    close(FisherExact.twoSided(.init(75, 25, 35, 65)), 1.917475680382752e-08)
    close(FisherExact.twoSided(.init(2, 7, 8, 2)), 0.02301413756522116)
    close(FisherExact.twoSided(.init(12, 5, 9, 7)), 0.4812658187035515)
    close(FisherExact.twoSided(.init(500, 500, 450, 550)), 0.02820356890423392, relative: 1e-5)
  }

  @Test func knownOneSidedValues() {
    close(FisherExact.greater(.init(10, 2, 3, 15)), 0.000465180943362905)
    close(FisherExact.greater(.init(1, 9, 11, 3)), 0.9999663480953022)
    close(FisherExact.greater(.init(75, 25, 35, 65)), 9.58737840191376e-09)
  }

  @Test func degenerateTablesAreNotSignificant() {
    #expect(FisherExact.twoSided(.init(0, 0, 3, 4)) == 1)
    #expect(FisherExact.twoSided(.init(0, 0, 0, 0)) == 1)
    #expect(FisherExact.twoSided(.init(5, 0, 7, 0)) == 1)
  }

  @Test func symmetricUnderRowAndColumnSwaps() {
    let p = FisherExact.twoSided(.init(10, 2, 3, 15))
    close(FisherExact.twoSided(.init(3, 15, 10, 2)), p)
    close(FisherExact.twoSided(.init(2, 10, 15, 3)), p)
    close(FisherExact.twoSided(.init(10, 3, 2, 15)), p)
  }

  @Test func largeTablesStayFinite() {
    let p = FisherExact.twoSided(.init(3000, 1000, 1000, 3000))
    #expect(p >= 0 && p < 1e-200)
  }

  /// Wilson: Newcombe (1998), Statistics in Medicine 17:857, table I, method 3 (81/263 gives
  /// 0.2553 to 0.3662; 0/20 gives 0 to 0.1611; 15/148 gives 0.0624 to 0.1605).
  @Test func wilsonInterval() {
    let a = FisherExact.wilson(81, 263)
    #expect(abs(a.low - 0.2553) < 5e-5 && abs(a.high - 0.3662) < 5e-5)
    let b = FisherExact.wilson(0, 20)
    #expect(b.low == 0 && abs(b.high - 0.1611) < 5e-5)
    let c = FisherExact.wilson(15, 148)
    #expect(abs(c.low - 0.0624) < 5e-5 && abs(c.high - 0.1605) < 5e-5)
    #expect(FisherExact.wilson(0, 0) == (0, 1))
  }

  /// Newcombe's method 10, his example (a): 56/70 vs 48/80 gives 0.0524 to 0.3339.
  @Test func newcombeInterval() {
    let ci = FisherExact.newcombe(56, 70, 48, 80)
    #expect(abs(ci.low - 0.0524) < 5e-5)
    #expect(abs(ci.high - 0.3339) < 5e-5)
  }

  @Test func normalQuantile() {
    #expect(abs(Normal.quantile(0.975) - 1.959963984540054) < 1e-8)
    #expect(abs(Normal.quantile(0.95) - 1.6448536269514722) < 1e-8)
    #expect(abs(Normal.quantile(0.001) + 3.090232306167813) < 1e-8)
  }

  @Test func binomialTails() {
    // scipy.stats.binom.cdf(0, 30, 0.2) and binom.sf(4, 100, 0.05)
    #expect(abs(Binomial.lowerTail(0, 30, 0.2) - 0.0012379400392853797) < 1e-12)
    #expect(abs(Binomial.upperTail(5, 100, 0.05) - 0.5640186993142899) < 1e-9)
  }
}

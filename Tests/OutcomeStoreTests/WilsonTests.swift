import Testing

@testable import OutcomeStore

@Suite struct WilsonTests {
  func close(_ a: Double, _ b: Double, _ tolerance: Double = 0.00005) -> Bool { abs(a - b) < tolerance }

  @Test func threeOfFour() {
    let w = Wilson.interval(successes: 3, trials: 4)
    #expect(w.rate == 0.75)
    #expect(close(w.low, 0.3006), "\(w.low)")
    #expect(close(w.high, 0.9544), "\(w.high)")
  }

  @Test func zeroOfOneStartsAtZero() {
    let w = Wilson.interval(successes: 0, trials: 1)
    #expect(w.rate == 0)
    #expect(w.low == 0)
    #expect(close(w.high, 0.7935), "\(w.high)")
  }

  @Test func tenOfTenIsNotCertain() {
    let w = Wilson.interval(successes: 10, trials: 10)
    #expect(w.rate == 1)
    #expect(close(w.low, 0.7225), "\(w.low)")
    #expect(close(w.high, 1.0), "\(w.high)")
    #expect(w.high <= 1)
  }

  @Test func otherKnownValues() {
    // Values from the closed form with z = 1.959964 (checked with Python).
    let cases: [(Int, Int, Double, Double)] = [(1, 2, 0.0945, 0.9055), (2, 3, 0.2077, 0.9385), (0, 10, 0, 0.2775), (5, 10, 0.2366, 0.7634)]
    for (s, n, low, high) in cases {
      let w = Wilson.interval(successes: s, trials: n)
      #expect(close(w.low, low), "\(s)/\(n) low \(w.low)")
      #expect(close(w.high, high), "\(s)/\(n) high \(w.high)")
    }
  }

  @Test func noTrialsGivesZeros() {
    let w = Wilson.interval(successes: 0, trials: 0)
    #expect(w.rate == 0 && w.low == 0 && w.high == 0)
  }
}

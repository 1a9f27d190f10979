import Claims
import PlaybookModel

extension CalendarDate {
  /// Days since 1970-01-01 (negative before).
  public var dayNumber: Int {
    // Howard Hinnant's days_from_civil.
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let mp = (month + 9) % 12
    let doy = (153 * mp + 2) / 5 + day - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146097 + doe - 719468
  }

  /// The first and last day numbers a `CalendarDate` can hold (0001-01-01 and 9999-12-31).
  static let dayNumbers = -719_162...2_932_896

  /// The date of a day number, clamped to 0001-01-01...9999-12-31: a deadline counted from an
  /// absurd date in a file (`99991231`) stays a date instead of stopping the program.
  public init(dayNumber z0: Int) {
    let z = min(max(z0, Self.dayNumbers.lowerBound), Self.dayNumbers.upperBound) + 719468
    let era = (z >= 0 ? z : z - 146096) / 146097
    let doe = z - era * 146097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let d = doy - (153 * mp + 2) / 5 + 1
    let m = mp < 10 ? mp + 3 : mp - 9
    let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
    self = CalendarDate(year: y, month: m, day: d)!
  }

  /// The date `n` calendar days later (earlier when negative).
  public func adding(days n: Int) -> CalendarDate { CalendarDate(dayNumber: dayNumber + n) }

  /// The date `n` calendar months later, clamped to the end of the month (Jan 31 + 1 month is
  /// Feb 28, or Feb 29 in a leap year).
  public func adding(months n: Int) -> CalendarDate {
    // Clamped to January of year 1 ... December of 9999, as day numbers are.
    let total = min(max(year * 12 + (month - 1) + n, 12), 9999 * 12 + 11)
    let y = total / 12
    let m = total % 12 + 1
    let last = CalendarDate.lastDay(month: m, year: y)
    return CalendarDate(year: y, month: m, day: min(day, last))!
  }

  /// The number of days in a month.
  public static func lastDay(month: Int, year: Int) -> Int {
    switch month {
    case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
  }

  /// 1 Monday ... 7 Sunday.
  public var isoWeekday: Int {
    // 1970-01-01 was a Thursday (4).
    let w = ((dayNumber % 7) + 7 + 3) % 7
    return w + 1
  }

  /// Saturday or Sunday.
  public var isWeekend: Bool { isoWeekday >= 6 }

  /// Days from this date to another (positive when `other` is later).
  public func days(until other: CalendarDate) -> Int { other.dayNumber - dayNumber }
}

/// The dates a deadline can count from.
public struct StartDates: Sendable, Equatable {
  /// The remittance's payment date (BPR16), else its production date.
  public var remit: CalendarDate?
  /// The date printed on the notice (DTM*405 production date), else the payment date.
  public var notice: CalendarDate?
  /// The first date of service.
  public var service: CalendarDate?
  /// The date of the previous level's decision.
  public var previousDecision: CalendarDate?
  /// The date the claim was submitted.
  public var submission: CalendarDate?

  /// Creates start dates.
  public init(
    remit: CalendarDate? = nil, notice: CalendarDate? = nil, service: CalendarDate? = nil,
    previousDecision: CalendarDate? = nil, submission: CalendarDate? = nil
  ) {
    self.remit = remit
    self.notice = notice
    self.service = service
    self.previousDecision = previousDecision
    self.submission = submission
  }

  /// The date for a `from` word, and the word used in explanations. A first-level deadline
  /// counted from `previous_decision` counts from the remittance (the initial decision).
  func date(for from: String) -> (CalendarDate, String)? {
    switch from {
    case "remit_date": return (remit ?? notice).map { ($0, "remittance") }
    case "notice_date": return (notice ?? remit).map { ($0, "notice") }
    case "service_date": return service.map { ($0, "date of service") }
    case "previous_decision":
      return (previousDecision ?? notice ?? remit).map {
        ($0, previousDecision == nil ? "initial decision" : "previous decision")
      }
    case "submission_date": return submission.map { ($0, "submission") }
    default: return nil
    }
  }
}

/// A computed due date with its arithmetic.
public struct DueDate: Sendable, Equatable, Codable {
  /// The last day the request is on time.
  public var date: CalendarDate
  /// The date counted from.
  public var start: CalendarDate
  /// "120 days from notice 2026-10-30, +5 days presumed receipt: due 2027-03-04".
  public var explanation: String
  /// Days from today to the due date (0: due today; negative: overdue).
  public var daysLeft: Int
  /// True when today is after the due date.
  public var overdue: Bool

  enum CodingKeys: String, CodingKey {
    case date, start, explanation, daysLeft = "days_left", overdue
  }
}

/// Deadline arithmetic. Calendar dates only; the start day is not counted; a filing on the due
/// date is on time; `business_days` skip weekends and the playbook's holidays; `months` add
/// calendar months, clamping to the month's end. Presumed-receipt days are added to the start
/// date before counting.
public enum DeadlineCalculator {
  /// The due date of a rule, or nil when its start date is unknown.
  public static func due(
    _ rule: Deadline, dates: StartDates, holidays: Set<CalendarDate>, today: CalendarDate
  ) -> DueDate? {
    guard let (start, word) = dates.date(for: rule.from) else { return nil }
    let received = start.adding(days: rule.receiptDays)
    let date: CalendarDate
    let count: String
    switch rule.unit {
    case .days:
      date = received.adding(days: rule.count)
      count = "\(rule.count) day\(rule.count == 1 ? "" : "s")"
    case .months:
      date = received.adding(months: rule.count)
      count = "\(rule.count) month\(rule.count == 1 ? "" : "s")"
    case .businessDays:
      var d = received
      var left = rule.count
      // Stops at the last date there is (a holiday there must not make this loop forever).
      while left > 0, d.dayNumber < CalendarDate.dayNumbers.upperBound {
        d = d.adding(days: 1)
        if !d.isWeekend && !holidays.contains(d) { left -= 1 }
      }
      date = d
      count = "\(rule.count) business day\(rule.count == 1 ? "" : "s")"
    }
    var explanation = "\(count) from \(word) \(start)"
    if rule.receiptDays > 0 { explanation += ", +\(rule.receiptDays) days presumed receipt" }
    explanation += ": due \(date)"
    if date.dayNumber == CalendarDate.dayNumbers.upperBound {
      explanation +=
        " (the last date Payerbook counts to: the real due date is later; check the start date)"
    }
    let left = today.days(until: date)
    return DueDate(
      date: date, start: start, explanation: explanation, daysLeft: left, overdue: left < 0)
  }
}

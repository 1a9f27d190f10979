import Claims
import PlaybookModel
import Testing

@testable import Evaluation

private func d(_ s: String) -> CalendarDate { CalendarDate(iso: s)! }

@Suite struct DeadlinesTests {
  @Test func dayNumbersRoundTripAcrossCenturiesAndLeapDays() {
    for text in [
      "1970-01-01", "2000-02-29", "1900-03-01", "2024-02-29", "2026-12-31", "2100-02-28",
    ] {
      let date = d(text)
      #expect(CalendarDate(dayNumber: date.dayNumber) == date)
    }
    #expect(d("1970-01-01").dayNumber == 0)
    #expect(d("2000-03-01").dayNumber - d("2000-02-28").dayNumber == 2)  // 2000 is a leap year
    #expect(d("1900-03-01").dayNumber - d("1900-02-28").dayNumber == 1)  // 1900 is not
  }

  /// Deadlines counted from absurd dates in a file (`99991231`) stay inside the dates a
  /// `CalendarDate` holds instead of stopping the program.
  @Test func arithmeticPastTheLastDayClampsInsteadOfTrapping() {
    #expect(d("0001-01-01").dayNumber == CalendarDate.dayNumbers.lowerBound)
    #expect(d("9999-12-31").dayNumber == CalendarDate.dayNumbers.upperBound)
    #expect(d("9999-12-31").adding(days: 180) == d("9999-12-31"))
    #expect(d("9999-11-30").adding(days: 65) == d("9999-12-31"))
    #expect(d("0001-01-02").adding(days: -400) == d("0001-01-01"))
    #expect(d("9999-12-31").adding(months: 4) == d("9999-12-31"))
    #expect(d("9999-10-31").adding(months: 1) == d("9999-11-30"))
    #expect(d("0001-03-31").adding(months: -5) == d("0001-01-31"))
    for unit in [Deadline.Unit.days, .months, .businessDays] {
      let far = Deadline(unit: unit, count: 120, from: "remit_date", receiptDays: 5)
      let due = DeadlineCalculator.due(
        far, dates: StartDates(remit: d("9999-12-20")), holidays: [d("9999-12-31")],
        today: d("2026-12-03"))
      // Days and business days stop at the last day; months keep the day in the last month.
      #expect(due?.date == (unit == .months ? d("9999-12-25") : d("9999-12-31")), "\(unit)")
      if unit != .months {
        #expect(
          due?.explanation.hasSuffix(
            "(the last date Payerbook counts to: the real due date is later; check the start date)")
            == true)
      }
    }
  }

  @Test func weekdays() {
    #expect(d("2026-12-03").isoWeekday == 4)  // Thursday
    #expect(d("2026-12-05").isWeekend)
    #expect(d("2026-12-06").isWeekend)
    #expect(!d("2026-12-07").isWeekend)
  }

  @Test func monthsClampToTheMonthsEnd() {
    #expect(d("2026-01-31").adding(months: 1) == d("2026-02-28"))
    #expect(d("2028-01-31").adding(months: 1) == d("2028-02-29"))
    #expect(d("2026-03-31").adding(months: 1) == d("2026-04-30"))
    #expect(d("2026-08-31").adding(months: 6) == d("2027-02-28"))
    #expect(d("2026-11-15").adding(months: 4) == d("2027-03-15"))
    #expect(d("2024-02-29").adding(months: 12) == d("2025-02-28"))
  }

  @Test func medicareRedeterminationExampleFromTheIssue() throws {
    let rule = Deadline(unit: .days, count: 120, from: "notice_date", receiptDays: 5)
    let due = try #require(
      DeadlineCalculator.due(
        rule, dates: StartDates(notice: d("2026-10-30")), holidays: [], today: d("2026-12-03")))
    #expect(due.date == d("2027-03-04"))
    #expect(
      due.explanation == "120 days from notice 2026-10-30, +5 days presumed receipt: due 2027-03-04"
    )
    #expect(due.daysLeft == 91)
    #expect(!due.overdue)
  }

  @Test func startDayIsNotCountedAndTheDueDateIsOnTime() throws {
    let rule = Deadline(unit: .days, count: 1, from: "remit_date", receiptDays: 0)
    let onDueDate = try #require(
      DeadlineCalculator.due(
        rule, dates: StartDates(remit: d("2026-01-01")), holidays: [], today: d("2026-01-02")))
    #expect(onDueDate.date == d("2026-01-02"))
    #expect(onDueDate.daysLeft == 0)
    #expect(!onDueDate.overdue)
    let dayAfter = try #require(
      DeadlineCalculator.due(
        rule, dates: StartDates(remit: d("2026-01-01")), holidays: [], today: d("2026-01-03")))
    #expect(dayAfter.overdue)
    #expect(dayAfter.daysLeft == -1)
  }

  @Test func businessDaysSkipWeekendsAndHolidays() throws {
    // Friday 2026-12-18; 5 business days with 2026-12-25 (Friday) a holiday:
    // Mon 21, Tue 22, Wed 23, Thu 24, (Fri 25 holiday), Mon 28.
    let rule = Deadline(unit: .businessDays, count: 5, from: "remit_date", receiptDays: 0)
    let due = try #require(
      DeadlineCalculator.due(
        rule, dates: StartDates(remit: d("2026-12-18")), holidays: [d("2026-12-25")],
        today: d("2026-12-18")))
    #expect(due.date == d("2026-12-28"))
    #expect(due.explanation == "5 business days from remittance 2026-12-18: due 2026-12-28")
  }

  @Test func monthsAfterReceiptAcrossALeapDay() throws {
    let rule = Deadline(unit: .months, count: 4, from: "previous_decision", receiptDays: 5)
    let due = try #require(
      DeadlineCalculator.due(
        rule, dates: StartDates(previousDecision: d("2027-10-26")), holidays: [],
        today: d("2027-11-01")))
    // 2027-10-26 + 5 days = 2027-10-31; + 4 months = 2028-02-29 (leap year, clamped).
    #expect(due.date == d("2028-02-29"))
  }

  @Test func unknownStartDateGivesNoDueDate() {
    let rule = Deadline(unit: .days, count: 60, from: "service_date", receiptDays: 0)
    #expect(
      DeadlineCalculator.due(
        rule, dates: StartDates(remit: d("2026-01-01")), holidays: [], today: d("2026-01-01"))
        == nil)
  }

  @Test func firstLevelFromPreviousDecisionCountsFromTheInitialDecision() throws {
    let rule = Deadline(unit: .days, count: 180, from: "previous_decision", receiptDays: 0)
    let due = try #require(
      DeadlineCalculator.due(
        rule, dates: StartDates(remit: d("2026-06-01")), holidays: [], today: d("2026-06-01")))
    #expect(due.explanation == "180 days from initial decision 2026-06-01: due 2026-11-28")
  }
}

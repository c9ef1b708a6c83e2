using Odop.Core.Quantities;

namespace Odop.Core.Tests.Quantities;

public class DurationQuantityTests
{
    [TestCase("10min", 600_000L)]
    [TestCase("10m", 600_000L)]
    [TestCase("90s", 90_000L)]
    [TestCase("1h30m", 5_400_000L)]
    [TestCase("1h 30m", 5_400_000L)]
    [TestCase("1h", 3_600_000L)]
    [TestCase("250ms", 250L)]
    [TestCase("2d", 172_800_000L)]
    [TestCase("1.5h", 5_400_000L)]
    [TestCase("45", 45_000L)]
    [TestCase("0.25", 250L)]
    [TestCase("1m0.5s", 60_500L)]
    public void Parse_ReadsEveryForm(string text, long milliseconds) =>
        Assert.That(DurationQuantity.Parse(text).Milliseconds, Is.EqualTo(milliseconds));

    [TestCase("90s", "1m30s")]
    [TestCase("10min", "10m")]
    [TestCase("1h30m", "1h30m")]
    [TestCase("250ms", "250ms")]
    [TestCase("0", "0s")]
    [TestCase("26h", "1d2h")]
    [TestCase("1.5", "1s500ms")]
    public void ToString_PrintsCompactly(string text, string printed) =>
        Assert.That(DurationQuantity.Parse(text).ToString(), Is.EqualTo(printed));

    [TestCase(0L)]
    [TestCase(1L)]
    [TestCase(59_999L)]
    [TestCase(90_061_001L)]
    public void ToString_ParsesBackToTheSameValue(long milliseconds)
    {
        var d = new DurationQuantity(TimeSpan.FromMilliseconds(milliseconds));
        Assert.That(DurationQuantity.Parse(d.ToString()), Is.EqualTo(d));
    }

    [Test]
    public void Constructor_RoundsUpToWholeMilliseconds() =>
        Assert.That(new DurationQuantity(TimeSpan.FromTicks(1)).Milliseconds, Is.EqualTo(1));

    [TestCase("10x", "'10x' is not a duration (examples: 10min, 90s, 1h30m, 250ms)")]
    [TestCase("1h30", "is not a duration")]
    [TestCase("h", "is not a duration")]
    [TestCase("-5s", "is negative")]
    [TestCase("-", "is not a duration")]
    [TestCase("", "empty value; expected a duration")]
    [TestCase("NaN", "is not a duration")]
    [TestCase("99999999999d", "is too large")]
    public void Parse_Rejects_WithAMessageNamingTheField(string text, string problem)
    {
        var ex = Assert.Throws<OdopValidationException>(() => DurationQuantity.Parse(text, "execution_requirement.time"));
        Assert.That(ex!.Field, Is.EqualTo("execution_requirement.time"));
        Assert.That(ex.Problem, Does.Contain(problem));
    }
}

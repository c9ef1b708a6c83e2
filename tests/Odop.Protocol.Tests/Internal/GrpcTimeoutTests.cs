using Odop.Protocol.Internal;

namespace Odop.Protocol.Tests.Internal;

public sealed class GrpcTimeoutTests
{
    [TestCase("1H", 3600_000.0)]
    [TestCase("2M", 120_000.0)]
    [TestCase("30S", 30_000.0)]
    [TestCase("200m", 200.0)]
    [TestCase("1500u", 1.5)]
    [TestCase("99999999n", 99.9999)]
    [TestCase("0m", 0.0)]
    public void Parse_ReadsEveryUnit(string header, double milliseconds)
    {
        Assert.That(GrpcTimeout.TryParse(header, out var timeout), Is.True);
        Assert.That(timeout.TotalMilliseconds, Is.EqualTo(milliseconds).Within(0.0001));
    }

    [TestCase("")]
    [TestCase("m")]
    [TestCase("10")]
    [TestCase("10x")]
    [TestCase("-1S")]
    [TestCase("123456789S")]
    [TestCase("1.5S")]
    public void Parse_RejectsMalformedValues(string header) =>
        Assert.That(GrpcTimeout.TryParse(header, out _), Is.False);

    [TestCase(0.05, "50000n")]
    [TestCase(200.0, "200000u")]
    [TestCase(5_000.0, "5000000u")]
    [TestCase(300_000.0, "300000m")]
    [TestCase(86_400_000.0 * 2, "172800S")]
    public void Format_UsesTheFinestUnitThatFits(double milliseconds, string expected) =>
        Assert.That(GrpcTimeout.Format(TimeSpan.FromMilliseconds(milliseconds)), Is.EqualTo(expected));

    [Test]
    public void Format_NeverExceedsEightDigits_AndRoundTrips()
    {
        foreach (var timeout in new[] { TimeSpan.FromTicks(1), TimeSpan.FromMilliseconds(123.4567), TimeSpan.FromDays(3), TimeSpan.FromDays(10_000), TimeSpan.MaxValue })
        {
            var header = GrpcTimeout.Format(timeout);
            Assert.That(header.Length, Is.LessThanOrEqualTo(9), header);
            Assert.That(GrpcTimeout.TryParse(header, out var parsed), Is.True, header);
            Assert.That(parsed, Is.GreaterThanOrEqualTo(timeout < TimeSpan.FromHours(99_999_999) ? timeout : TimeSpan.FromHours(99_999_999)), header);
        }
    }

    [Test]
    public void Format_RoundsUp_SoADeadlineIsNeverSentEarly() =>
        Assert.That(GrpcTimeout.Format(TimeSpan.FromMilliseconds(100_000.0001)), Is.EqualTo("100001m"));

    [Test]
    public void NegativeTimeouts_FormatAsZero() =>
        Assert.That(GrpcTimeout.Format(TimeSpan.FromSeconds(-5)), Is.EqualTo("0n"));

    [Test]
    public void DeadlineFromNow_Saturates() =>
        Assert.That(GrpcTimeout.DeadlineFromNow(TimeSpan.MaxValue), Is.EqualTo(DateTime.MaxValue));
}

using Odop.Core.Quantities;

namespace Odop.Core.Tests.Quantities;

public class CpuQuantityTests
{
    [TestCase("500mcpu", 500)]
    [TestCase("250m", 250)]
    [TestCase("1.5", 1500)]
    [TestCase("2", 2000)]
    [TestCase("0.5cpu", 500)]
    [TestCase(" 3 ", 3000)]
    [TestCase("0", 0)]
    [TestCase("1.0001", 1001)] // rounded up: a requirement is never understated
    public void Parse_ReadsEveryForm(string text, long millicpus) =>
        Assert.That(CpuQuantity.Parse(text).Millicpus, Is.EqualTo(millicpus));

    [TestCase(0)]
    [TestCase(1)]
    [TestCase(1500)]
    [TestCase(long.MaxValue)]
    public void ToString_ParsesBackToTheSameValue(long millicpus)
    {
        var q = new CpuQuantity(millicpus);
        Assert.That(CpuQuantity.Parse(q.ToString()), Is.EqualTo(q));
    }

    [Test]
    public void ToString_UsesMillicpus() => Assert.That(CpuQuantity.Parse("1.5").ToString(), Is.EqualTo("1500mcpu"));

    [TestCase("5x", "'5x' is not a CPU quantity (examples: 500mcpu, 1.5, 2)")]
    [TestCase("", "empty value; expected a CPU quantity")]
    [TestCase("-1", "'-1' is negative")]
    [TestCase("NaN", "'NaN' is not a CPU quantity")]
    [TestCase("1e3", "'1e3' is not a CPU quantity")]
    [TestCase("1..5", "'1..5' is not a CPU quantity")]
    [TestCase("m", "'m' is not a CPU quantity")]
    [TestCase("99999999999999999999", "is too large")]
    [TestCase("999999999999999999999999999999999", "is too large")]
    public void Parse_Rejects_WithAMessageNamingTheField(string text, string problem)
    {
        var ex = Assert.Throws<OdopValidationException>(() => CpuQuantity.Parse(text, "execution_requirement.cpus.min"));
        Assert.That(ex!.Field, Is.EqualTo("execution_requirement.cpus.min"));
        Assert.That(ex.Message, Does.StartWith("execution_requirement.cpus.min: "));
        Assert.That(ex.Problem, Does.Contain(problem));
        Assert.That(CpuQuantity.TryParse(text, out _), Is.False);
    }

    [Test]
    public void Constructor_RefusesNegative() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new CpuQuantity(-1));

    [Test]
    public void Comparison_FollowsMillicpus() =>
        Assert.That(CpuQuantity.Parse("500m") < CpuQuantity.Parse("1"), Is.True);
}

using Odop.Core.Quantities;

namespace Odop.Core.Tests.Quantities;

public class MemoryQuantityTests
{
    [TestCase("2G", 2_000_000_000L)]
    [TestCase("512Mi", 512L << 20)]
    [TestCase("1.5Gi", 3L << 29)]
    [TestCase("100M", 100_000_000L)]
    [TestCase("64k", 64_000L)]
    [TestCase("64K", 64_000L)]
    [TestCase("64Ki", 65_536L)]
    [TestCase("64KiB", 65_536L)]
    [TestCase("2GB", 2_000_000_000L)]
    [TestCase("1024", 1024L)]
    [TestCase("1024B", 1024L)]
    [TestCase("1T", 1_000_000_000_000L)]
    [TestCase("1Ti", 1L << 40)]
    [TestCase("0.5k", 500L)]
    [TestCase("0.3", 1L)] // rounded up to a whole byte
    public void Parse_ReadsEveryForm(string text, long bytes) =>
        Assert.That(MemoryQuantity.Parse(text).Bytes, Is.EqualTo(bytes));

    [TestCase(2_000_000_000L, "2G")]
    [TestCase(512L << 20, "512Mi")]
    [TestCase(3L << 29, "1536Mi")]
    [TestCase(1024L, "1Ki")]
    [TestCase(1000L, "1k")]
    [TestCase(1234567L, "1234567")]
    [TestCase(0L, "0")]
    public void ToString_PrintsTheShortestExactForm(long bytes, string text) =>
        Assert.That(new MemoryQuantity(bytes).ToString(), Is.EqualTo(text));

    [TestCase(0L)]
    [TestCase(7L)]
    [TestCase(3L << 29)]
    [TestCase(5_000_000_000_000L)]
    [TestCase(long.MaxValue)]
    public void ToString_ParsesBackToTheSameValue(long bytes)
    {
        var q = new MemoryQuantity(bytes);
        Assert.That(MemoryQuantity.Parse(q.ToString()), Is.EqualTo(q));
    }

    [TestCase("2X", "'2X' is not a memory quantity (examples: 2G, 512Mi, 1.5Gi, 1024)")]
    [TestCase("2m", "is not a memory quantity")] // lowercase m would be milli, not mega
    [TestCase("2g", "is not a memory quantity")]
    [TestCase("Gi", "is not a memory quantity")]
    [TestCase("", "empty value")]
    [TestCase("   ", "empty value")]
    [TestCase("-5M", "is negative")]
    [TestCase("10E", "is too large")] // long holds up to about 9.2E
    [TestCase("100000000000Ei", "is too large")]
    public void Parse_Rejects_WithAMessageNamingTheField(string text, string problem)
    {
        var ex = Assert.Throws<OdopValidationException>(() => MemoryQuantity.Parse(text, "execution_requirement.memory.max"));
        Assert.That(ex!.Field, Is.EqualTo("execution_requirement.memory.max"));
        Assert.That(ex.Problem, Does.Contain(problem));
    }
}

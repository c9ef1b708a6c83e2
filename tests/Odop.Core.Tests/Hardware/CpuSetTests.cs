using Odop.Core.Hardware;

namespace Odop.Core.Tests.Hardware;

public class CpuSetTests
{
    [TestCase("0-3,8", new[] { 0, 1, 2, 3, 8 })]
    [TestCase(" 2 , 0-1 ", new[] { 0, 1, 2 })]
    [TestCase("", new int[0])]
    [TestCase("5,5,5", new[] { 5 })]
    public void Parse_ReadsLinuxListFormat(string text, int[] expected) =>
        Assert.That(CpuSet.Parse(text).Ids, Is.EqualTo(expected));

    [Test]
    public void ToString_CollapsesRuns() =>
        Assert.That(CpuSet.Of(0, 1, 2, 3, 8, 10, 11).ToString(), Is.EqualTo("0-3,8,10-11"));

    [TestCase("a")]
    [TestCase("3-1")]
    [TestCase("1-")]
    [TestCase("-2")]
    [TestCase("99999")]
    public void Parse_RejectsMalformedListsNamingThePart(string text)
    {
        var ex = Assert.Throws<FormatException>(() => CpuSet.Parse(text));
        Assert.That(ex!.Message, Does.Contain(text));
    }

    [Test]
    public void SetAlgebra_BehavesLikeSets()
    {
        var a = CpuSet.Parse("0-5");
        var b = CpuSet.Parse("4-7");
        Assert.Multiple(() =>
        {
            Assert.That(a.Union(b).ToString(), Is.EqualTo("0-7"));
            Assert.That(a.Intersect(b).ToString(), Is.EqualTo("4-5"));
            Assert.That(a.Except(b).ToString(), Is.EqualTo("0-3"));
            Assert.That(a.Overlaps(b), Is.True);
            Assert.That(CpuSet.Parse("4").IsSubsetOf(b), Is.True);
            Assert.That(a.Take(2), Is.EqualTo(CpuSet.Of(0, 1)));
        });
    }
}

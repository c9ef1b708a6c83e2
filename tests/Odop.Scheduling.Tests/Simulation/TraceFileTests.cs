using Odop.Scheduling.Simulation;

namespace Odop.Scheduling.Tests.Simulation;

public class TraceFileTests
{
    [Test]
    public void TraceFile_ReadsWhatItWrote()
    {
        var trace = SyntheticTraces.Random(3, 50, seed: 1);
        var text = new StringWriter();

        TraceFile.Write(text, trace);
        var back = TraceFile.Parse(text.ToString());

        Assert.That(back.Length, Is.EqualTo(50));
        Assert.That(back.Period, Is.EqualTo(TimeSpan.FromMilliseconds(100)));
        Assert.That(back.Core(2), Is.EqualTo(trace.Core(2)).Within(1e-4));
    }

    [Test]
    public void TraceFile_KeepsTheLastSampleAcrossAGap_AndReadsReclaimable()
    {
        const string text = """
            # recorded on n01
            {"t": 0.0, "cores": [0.9, 0.1], "reclaimable": [0.5, 0]}
            {"t": 0.1, "cores": [0.8, 0.2]}

            {"t": 0.4, "cores": [0.1, 0.9]}
            """;

        var trace = TraceFile.Parse(text);

        Assert.That(trace.Core(0), Is.EqualTo(new[] { 0.9, 0.8, 0.8, 0.8, 0.1 }));
        Assert.That(trace.Reclaimable(0, 0), Is.EqualTo(0.5));
        Assert.That(trace.Reclaimable(1, 0), Is.Zero);
    }

    [TestCase("""{"t": 0, "cores": [0.5, 1.5]}""", "line 2: \"cores\"[1] must be a number from 0 to 1")]
    [TestCase("""{"cores": [0.5, 0.5]}""", "line 2: \"t\" (seconds) is missing")]
    [TestCase("""{"t": 0.1, "cores": [0.5]}""", "line 2: \"cores\" must list 2 value(s)")]
    [TestCase("""not json""", "line 2:")]
    public void TraceFile_NamesTheLineOfABadSample(string bad, string message)
    {
        var text = """{"t": 0, "cores": [0.1, 0.2]}""" + "\n" + bad;

        Assert.That(() => TraceFile.Parse(text), Throws.TypeOf<FormatException>().With.Message.Contains(message));
    }
}

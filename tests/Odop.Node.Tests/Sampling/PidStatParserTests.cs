using System.Text;
using Odop.Node.Sampling.Internal;

namespace Odop.Node.Tests.Sampling;

public class PidStatParserTests
{
    [Test]
    public void ReadsTheFieldsTheSamplerUses()
    {
        // A real /proc/<pid>/stat line (cat), fields numbered as in proc(5).
        const string stat = "11737 (cat) R 11722 11722 10643 0 -1 4194304 98 0 0 0 7 3 0 0 20 0 1 0 75064 3133440 347 "
            + "18446744073709551615 94475867885568 94475867905449 140733297693552 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0 "
            + "94475867921456 94475867923072 94476410220544 140733297695202 140733297695222 140733297695222 140733297696747 0\n";

        Assert.That(PidStatParser.TryParse(Encoding.ASCII.GetBytes(stat), out var s), Is.True);
        Assert.That(s, Is.EqualTo(new PidStat('R', 11722, 10, 1, 75064, 347, 1)));
    }

    [Test]
    public void CommWithSpacesAndParenthesesDoesNotShiftFields()
    {
        const string stat = "42 (tmux: (server) x) S 1 42 42 0 -1 4194560 1 0 0 0 120 30 0 0 20 0 3 0 500 1000 2048 "
            + "18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0\n";

        Assert.That(PidStatParser.TryParse(Encoding.ASCII.GetBytes(stat), out var s), Is.True);
        Assert.That((s.State, s.ParentPid, s.CpuTicks, s.Threads, s.RssPages, s.Processor), Is.EqualTo(('S', 1, 150UL, 3, 2048L, 0)));
    }

    [Test]
    public void TruncatedOrGarbageTextIsRejected()
    {
        Assert.That(PidStatParser.TryParse("42 (x) S 1 2 3"u8, out _), Is.False);
        Assert.That(PidStatParser.TryParse(""u8, out _), Is.False);
    }
}

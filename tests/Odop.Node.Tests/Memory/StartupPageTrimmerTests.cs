using Odop.Node.Memory;

namespace Odop.Node.Tests.Memory;

public class StartupPageTrimmerTests
{
    private const string Smaps = """
        00400000-00452000 r-xp 00000000 fd:01 100 /usr/bin/clean-code
        Size:                328 kB
        Rss:                 200 kB
        Anonymous:             0 kB
        00652000-00653000 r--p 00052000 fd:01 100 /usr/bin/relro
        Rss:                   4 kB
        Anonymous:             4 kB
        00653000-00654000 rw-p 00053000 fd:01 100 /usr/bin/data
        Rss:                   4 kB
        Anonymous:             0 kB
        7f0000000000-7f0000100000 r--s 00000000 fd:01 200 /usr/share/dotnet/Some Assembly.dll
        Rss:                 512 kB
        Anonymous:             0 kB
        7f0000200000-7f0000300000 r-xs 00000000 00:01 300 /memfd:doublemapper (deleted)
        Rss:                1024 kB
        Anonymous:             0 kB
        7f0000400000-7f0000500000 rw-p 00000000 00:00 0 [heap]
        Rss:                 900 kB
        Anonymous:           900 kB
        7f0000600000-7f0000700000 r--p 00000000 fd:01 400 /usr/lib/not-resident.so
        Rss:                   0 kB
        Anonymous:             0 kB
        """;

    [Test]
    public void Candidates_AreTheResidentReadOnlyFileMappingsWithNoCopiedPage()
    {
        var candidates = StartupPageTrimmer.ParseCandidates(Smaps.Split('\n'));

        Assert.That(candidates.Select(c => (c.Start, c.End, c.ResidentBytes)), Is.EqualTo(new[]
        {
            ((nint)0x00400000, (nint)0x00452000, 200L * 1024),
            (unchecked((nint)0x7f0000000000L), unchecked((nint)0x7f0000100000L), 512L * 1024), // a path with a space, mapped shared read-only
        }), "not: relocated (anonymous pages), writable, deleted memfd, heap, nothing resident");
    }

    [Test]
    public void Trim_OfThisProcess_DropsResidentFilePages_AndTheProcessRunsOn()
    {
        var before = ResidentReadOnlyFileKb();
        var result = StartupPageTrimmer.TrimCurrentProcess();
        var after = ResidentReadOnlyFileKb();

        Assert.That(result.Mappings, Is.GreaterThan(0));
        Assert.That(after, Is.LessThan(before), $"read-only file pages resident: {before} kB before, {after} kB after");
        // The dropped code faults back in from the page cache: running more of it still works.
        Assert.That(string.Join(",", Enumerable.Range(0, 3).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))), Is.EqualTo("0,1,2"));
    }

    private static long ResidentReadOnlyFileKb()
    {
        long total = 0;
        var counting = false;
        foreach (var line in File.ReadLines("/proc/self/smaps"))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length >= 6 && fields[0].Contains('-', StringComparison.Ordinal) && fields[1].Length == 4)
                counting = fields[1][1] == '-' && fields[5].StartsWith('/');
            else if (counting && fields.Length >= 2 && fields[0] == "Rss:") total += long.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture);
        }
        return total;
    }
}

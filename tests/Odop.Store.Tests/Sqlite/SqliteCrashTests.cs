using System.Diagnostics;
using System.Text;
using Odop.Core;

namespace Odop.Store.Tests.Sqlite;

/// <summary>
/// Kills a child process that is enqueueing in a loop (SIGKILL, mid-write) and checks that every
/// id it printed — printed only after EnqueueAsync returned — is in the file, and the file is whole.
/// </summary>
public class SqliteCrashTests
{
    private TempDatabase _database = null!;

    [SetUp]
    public void CreateFolder() => _database = new TempDatabase();

    [TearDown]
    public void RemoveFolder() => _database.Dispose();

    [Test]
    [CancelAfter(120_000)]
    public async Task Enqueue_KilledMidWrite_KeepsEveryAcknowledgedId_AndTheFileIsConsistent(CancellationToken cancellationToken)
    {
        var acknowledged = new List<string>();
        // Three kills on the same file: each child starts from what the previous one left.
        for (var round = 0; round < 3; round++)
            acknowledged.AddRange(await RunAndKillAsync(minimumAcknowledged: 300 * (round + 1), cancellationToken));

        Assert.That(RawSqlite.Scalar(_database.Path, "PRAGMA integrity_check"), Is.EqualTo("ok"));
        using var store = ExecutionStores.OpenSqlite(_database.Path);
        var stored = (await store.ListAsync(ExecutionFilter.All, cancellationToken)).Select(r => r.Id.Value).ToHashSet();
        var missing = acknowledged.Where(id => !stored.Contains(id)).ToList();
        TestContext.Out.WriteLine($"{acknowledged.Count} acknowledged, {stored.Count} stored");
        Assert.That(missing, Is.Empty, "acknowledged ids missing after the kill");
        Assert.That(stored.Count, Is.GreaterThanOrEqualTo(acknowledged.Count));
        Assert.That(stored.Count % 50, Is.Zero, "batches are whole: committed entirely or not at all");
    }

    private async Task<List<string>> RunAndKillAsync(int minimumAcknowledged, CancellationToken cancellationToken)
    {
        var psi = new ProcessStartInfo(DotnetHost(), [ProbePath(), _database.Path, "50"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var child = Process.Start(psi) ?? throw new AssertionException("could not start the crash probe");
        var stdout = new StringBuilder();
        var lines = 0;
        var reading = Task.Run(async () =>
        {
            var buffer = new char[8192];
            int n;
            while ((n = await child.StandardOutput.ReadAsync(buffer, cancellationToken)) > 0)
                lock (stdout)
                {
                    stdout.Append(buffer, 0, n);
                    lines += buffer.AsSpan(0, n).Count('\n');
                }
        }, cancellationToken);
        var stderr = child.StandardError.ReadToEndAsync(cancellationToken);

        while (Volatile.Read(ref lines) < minimumAcknowledged + 1)
        {
            if (child.HasExited)
                Assert.Fail($"the crash probe exited early ({child.ExitCode}): {await stderr}");
            await Task.Delay(20, cancellationToken);
        }
        // SIGKILL, no chance to finish the transaction in flight or flush anything.
        child.Kill();
        await child.WaitForExitAsync(cancellationToken);
        await reading;

        // Only whole lines count: a line cut by the kill was never fully acknowledged.
        var text = stdout.ToString();
        var complete = text[..(text.LastIndexOf('\n') + 1)];
        var ids = complete.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l != "ready").ToList();
        Assert.That(ids, Has.All.Matches<string>(id => ExecutionId.TryParse(id, out _)));
        return ids;
    }

    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    /// <summary>The probe is built beside this assembly, with the same configuration and framework.</summary>
    private static string ProbePath()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && dir.Name != "Odop.Store.Tests") dir = dir.Parent;
        if (dir?.Parent is null) Assert.Fail($"cannot find tests/Odop.Store.Tests above {AppContext.BaseDirectory}");
        var suffix = Path.GetRelativePath(dir!.FullName, AppContext.BaseDirectory);
        var probe = Path.Combine(dir.Parent!.FullName, "Odop.Store.CrashProbe", suffix, "Odop.Store.CrashProbe.dll");
        if (!File.Exists(probe)) Assert.Fail($"{probe} is missing: build it with `dotnet build tests/Odop.Store.CrashProbe`");
        return probe;
    }
}

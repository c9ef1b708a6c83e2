using System.Buffers.Binary;
using System.Diagnostics;
using Odop.Node.Mpi;
using Odop.Node.Proc;
using Odop.Node.Tests.Mpi.Shim;

namespace Odop.Node.Tests.Mpi.Pmpi;

public sealed class PmpiWaitReaderTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);
    private string _dir = "";

    [SetUp]
    public void CreateFolder()
    {
        _dir = Path.Combine(Path.GetTempPath(), "odop-pmpi-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
    }

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_dir, recursive: true);

    [Test]
    public async Task APreloadedMpiProgram_ShowsTheWaitingRankWaitingAndTheComputingRankNot_AndRemovesItsSegmentsAtFinalize()
    {
        var (library, probe) = EnsureBuilt();
        var psi = new ProcessStartInfo("mpirun") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "-n", "2", "--oversubscribe", "-x", $"LD_PRELOAD={library}", probe, "8" })
            psi.ArgumentList.Add(arg);
        psi.Environment["OMPI_ALLOW_RUN_AS_ROOT"] = "1";
        psi.Environment["OMPI_ALLOW_RUN_AS_ROOT_CONFIRM"] = "1";
        using var mpirun = Process.Start(psi)!;
        var stderr = mpirun.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(Limit);
        try
        {
            // Rank 0 computes for 8 s while rank 1 waits for it in MPI_Recv.
            var ready = await ReadPidsAsync(mpirun, "READY", limit.Token);
            var uid = ProcStatus.Read(ready[0])!.Uid;
            foreach (var (rank, pid) in ready)
            {
                Assert.That(File.Exists(PmpiWaitReader.SegmentPath(uid, pid)), $"rank {rank}'s segment exists while it runs");
                var segment = PmpiWaitReader.TryRead(pid);
                Assert.That(segment, Is.Not.Null);
                Assert.That((segment!.Pid, segment.Rank), Is.EqualTo((pid, rank)));
            }
            var before = ready.ToDictionary(r => r.Key, r => PmpiWaitReader.TryRead(r.Value)!);
            await Task.Delay(TimeSpan.FromSeconds(1.5));
            var after = ready.ToDictionary(r => r.Key, r => PmpiWaitReader.TryRead(r.Value)!);

            var computing = after[0].WaitShareSince(before[0]);
            var waiting = after[1].WaitShareSince(before[1]);
            TestContext.Out.WriteLine($"mpi wait share: computing rank 0 {computing:F3}, waiting rank 1 {waiting:F3}");
            Assert.That(waiting, Is.GreaterThan(0.7), "rank 1 sits in MPI_Recv");
            Assert.That(after[1].InCall, Is.True);
            Assert.That(computing, Is.LessThan(0.3), "rank 0 computes");

            var finalized = await ReadPidsAsync(mpirun, "FINALIZED", limit.Token);
            foreach (var (rank, pid) in finalized)
            {
                // The rank still lives for a second after MPI_Finalize; its segment is already gone.
                Assert.That(File.Exists(PmpiWaitReader.SegmentPath(uid, pid)), Is.False, $"rank {rank}'s segment removed");
                Assert.That(PmpiWaitReader.TryRead(pid), Is.Null);
            }
            await mpirun.WaitForExitAsync(limit.Token);
            Assert.That(mpirun.ExitCode, Is.EqualTo(0), await stderr);
        }
        finally
        {
            if (!mpirun.HasExited) mpirun.Kill(entireProcessTree: true);
        }
    }

    [Test]
    public void AProcessWithoutASegment_ReadsAsAbsent()
    {
        Assert.That(PmpiWaitReader.TryRead(Environment.ProcessId), Is.Null);
        Assert.That(PmpiWaitReader.TryRead(int.MaxValue), Is.Null, "no such process");
        Assert.That(PmpiWaitReader.TryReadFile(Path.Combine(_dir, "missing"), 42), Is.Null);
    }

    [Test]
    public void AShortForeignOrAnotherProcessesSegment_ReadsAsAbsent()
    {
        var good = Segment(pid: 42, rank: 3);
        Assert.That(Read(good, 42), Is.Not.Null, "the well-formed segment itself reads");

        Assert.That(Read(good[..40], 42), Is.Null, "short");
        Assert.That(Read([], 42), Is.Null, "empty");
        var garbage = new byte[64];
        new Random(7).NextBytes(garbage);
        Assert.That(Read(garbage, 42), Is.Null, "not our magic");
        var future = Segment(42, 3);
        BinaryPrimitives.WriteUInt32LittleEndian(future.AsSpan(4), 99);
        Assert.That(Read(future, 42), Is.Null, "unknown version");
        Assert.That(Read(good, 43), Is.Null, "a stale segment of another (reused) pid");
        Assert.That(Read(Segment(42, -1), 42), Is.Null, "no rank");
    }

    [Test]
    public void PidsWithSegments_AreThoseOfTheUsersSegmentFiles_OnlyNumericOnes()
    {
        foreach (var name in new[] { "odop-pmpi.1000.42", "odop-pmpi.1000.7", "odop-pmpi.1001.9", "odop-pmpi.1000.x", "other.1000.5" })
            File.WriteAllBytes(Path.Combine(_dir, name), []);

        Assert.That(PmpiWaitReader.PidsWithSegments(1000, _dir), Is.EquivalentTo(new[] { 42, 7 }));
        Assert.That(PmpiWaitReader.PidsWithSegments(1000, Path.Combine(_dir, "missing")), Is.Empty);
    }

    [Test]
    public void ACallInProgress_CountsAsWaitingUpToTheReading()
    {
        var bytes = Segment(pid: 42, rank: 1, waitNs: 1_000, inCall: true, callStartNs: 10_000);

        var segment = PmpiWaitReader.Parse(bytes, 42, now: 15_000)!;

        Assert.That(segment.WaitNanoseconds, Is.EqualTo(6_000));
        Assert.That(segment.InCall, Is.True);
    }

    [Test]
    public void TheWaitShare_IsWaitOverWallTimeBetweenTwoReadings_Clamped()
    {
        var earlier = new PmpiSegment(42, 1, WaitNanoseconds: 1_000, Calls: 1, InCall: false, 0, ReadAtNanoseconds: 10_000);

        var later = earlier with { WaitNanoseconds = 4_000, ReadAtNanoseconds = 14_000 };

        Assert.That(later.WaitShareSince(earlier), Is.EqualTo(0.75).Within(1e-9));
        Assert.That((earlier with { WaitNanoseconds = 900, ReadAtNanoseconds = 11_000 }).WaitShareSince(earlier), Is.EqualTo(0));
        Assert.That((earlier with { WaitNanoseconds = 9_000, ReadAtNanoseconds = 11_000 }).WaitShareSince(earlier), Is.EqualTo(1));
        Assert.That(earlier.WaitShareSince(earlier), Is.Null, "no time passed");
        Assert.That((earlier with { Rank = 2, ReadAtNanoseconds = 20_000 }).WaitShareSince(earlier), Is.Null, "another rank");
    }

    private PmpiSegment? Read(byte[] bytes, int pid)
    {
        var path = Path.Combine(_dir, Guid.NewGuid().ToString("N"));
        File.WriteAllBytes(path, bytes);
        return PmpiWaitReader.TryReadFile(path, pid);
    }

    private static byte[] Segment(int pid, int rank, long waitNs = 0, bool inCall = false, long callStartNs = 0)
    {
        var b = new byte[64];
        BinaryPrimitives.WriteUInt32LittleEndian(b, 0x4D50444F);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(4), 1);
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(8), pid);
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(12), rank);
        BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(16), waitNs);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(40), inCall ? 1u : 0u);
        BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(48), callStartNs);
        return b;
    }

    /// <summary>Reads "TAG rank pid" lines until one per rank of the 2-rank job has come.</summary>
    private static async Task<Dictionary<int, int>> ReadPidsAsync(Process mpirun, string tag, CancellationToken ct)
    {
        var pids = new Dictionary<int, int>();
        while (pids.Count < 2)
        {
            var line = await mpirun.StandardOutput.ReadLineAsync(ct)
                ?? throw new AssertionException($"mpirun ended before every rank printed {tag}");
            var parts = line.Split(' ');
            if (parts.Length == 3 && parts[0] == tag) pids[int.Parse(parts[1])] = int.Parse(parts[2]);
        }
        return pids;
    }

    private static (string Library, string Probe) EnsureBuilt()
    {
        var outDir = Path.Combine(MpiRun.RepoRoot, "native", "out");
        var library = Path.Combine(outDir, "libodop_pmpi.so");
        var probe = Path.Combine(outDir, "pmpi_probe");
        if (!File.Exists(library) || !File.Exists(probe))
        {
            using var make = Process.Start("make", ["-s", "-C", Path.Combine(MpiRun.RepoRoot, "native")]);
            make.WaitForExit();
            Assert.That(make.ExitCode, Is.EqualTo(0), "make -C native");
        }
        return (library, probe);
    }
}

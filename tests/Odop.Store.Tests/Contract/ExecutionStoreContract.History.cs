using Odop.Core;
using Odop.Core.Executions;
using Odop.Core.Profiles;
using static Odop.Core.Executions.ExecutionState;

namespace Odop.Store.Tests.Contract;

public abstract partial class ExecutionStoreContract
{
    private static MeasuredUsage Usage(double cpu) => new(cpu, peakRssBytes: 1000, peakThreads: 2, wallSeconds: cpu * 2);

    [Test]
    public async Task Purge_DeletesFinishedExecutionsThatEndedBeforeTheCutoff_WithTheirHistoryAndResults()
    {
        var oldDone = await InStateAsync(Succeeded, at: T0);
        var oldSkipped = await InStateAsync(Skipped, at: T0);
        var recentDone = await InStateAsync(Failed, at: T0.AddDays(2));
        var stillRunning = await InStateAsync(Running, at: T0);
        var lost = await InStateAsync(Lost, at: T0);
        var queued = await EnqueuedAsync();
        await Store.RecordResultAsync(oldDone.Id, "stdout", "/logs/a.out");
        await Store.RecordMeasurementAsync("reduce", oldDone.Id, Usage(1), T0);

        var purged = await Store.PurgeAsync(T0.AddDays(1));

        Assert.That(purged, Is.EqualTo(2));
        Assert.That(await Store.GetAsync(oldDone.Id), Is.Null);
        Assert.That(await Store.GetAsync(oldSkipped.Id), Is.Null);
        Assert.That(await Store.ResultsAsync(oldDone.Id), Is.Empty);
        Assert.That(await Store.RecordResultAsync(oldDone.Id, "stdout", "/logs/again"), Is.False);
        foreach (var kept in new[] { recentDone, stillRunning, lost, queued })
            Assert.That(await Store.GetAsync(kept.Id), Is.Not.Null, $"{kept.Id} kept");
        Assert.That(await Store.MeasurementsAsync("reduce", 10), Has.Count.EqualTo(1), "the task's history outlives the execution");
    }

    [Test]
    public async Task Purge_WithNothingOldEnough_DeletesNothing()
    {
        await InStateAsync(Succeeded, at: T0);

        Assert.That(await Store.PurgeAsync(T0), Is.Zero, "strictly before the cutoff");
        Assert.That(await Store.ListAsync(ExecutionFilter.All), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Measurements_AreReturnedNewestFirst_PerTask_UpToTheLimit()
    {
        var ids = Enumerable.Range(0, 4).Select(_ => ExecutionId.New()).ToArray();
        await Store.RecordMeasurementAsync("reduce", ids[0], Usage(1), T0.AddMinutes(1));
        await Store.RecordMeasurementAsync("reduce", ids[1], Usage(3), T0.AddMinutes(3));
        await Store.RecordMeasurementAsync("reduce", ids[2], Usage(2), T0.AddMinutes(2));
        await Store.RecordMeasurementAsync("render", ids[3], Usage(9), T0.AddMinutes(9));

        var newest = await Store.MeasurementsAsync("reduce", limit: 2);

        Assert.That(newest, Is.EqualTo(new[]
        {
            new Measurement("reduce", ids[1], Usage(3), T0.AddMinutes(3)),
            new Measurement("reduce", ids[2], Usage(2), T0.AddMinutes(2)),
        }));
        Assert.That(await Store.MeasurementsAsync("nothing", 5), Is.Empty);
    }

    [Test]
    public async Task RecordMeasurement_ForTheSameExecutionAgain_ReplacesIt()
    {
        var id = ExecutionId.New();
        await Store.RecordMeasurementAsync("reduce", id, Usage(1), T0);
        await Store.RecordMeasurementAsync("reduce", id, Usage(5), T0.AddSeconds(1));

        var all = await Store.MeasurementsAsync("reduce", 10);

        Assert.That(all, Is.EqualTo(new[] { new Measurement("reduce", id, Usage(5), T0.AddSeconds(1)) }));
    }

    [Test]
    public async Task RecordResult_KeepsOneLocationPerKind_OrderedByKind()
    {
        var record = await InStateAsync(Running);

        Assert.That(await Store.RecordResultAsync(record.Id, "stdout", "/logs/old.out"), Is.True);
        Assert.That(await Store.RecordResultAsync(record.Id, "stderr", "/logs/x.err"), Is.True);
        Assert.That(await Store.RecordResultAsync(record.Id, "stdout", "/logs/x.out"), Is.True);

        Assert.That(await Store.ResultsAsync(record.Id), Is.EqualTo(new[]
        {
            new ResultLocation(record.Id, "stderr", "/logs/x.err"),
            new ResultLocation(record.Id, "stdout", "/logs/x.out"),
        }));
    }

    [Test]
    public async Task RecordResult_ForAnUnknownExecution_WritesNothing()
    {
        var unknown = ExecutionId.New();

        Assert.That(await Store.RecordResultAsync(unknown, "stdout", "/logs/x.out"), Is.False);
        Assert.That(await Store.ResultsAsync(unknown), Is.Empty);
    }
}

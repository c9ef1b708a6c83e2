using System.Text.Json.Nodes;
using Odop.Core;
using Odop.Core.Executions;
using Odop.Core.Hardware;
using static Odop.Core.Executions.ExecutionState;

namespace Odop.Store.Tests.Contract;

public abstract partial class ExecutionStoreContract
{
    [Test]
    public async Task Enqueue_StoresEveryFieldAndGetReadsItBack()
    {
        var record = NewRecord("reduce", priority: 3, enqueuedAt: new DateTimeOffset(2025, 3, 1, 14, 0, 0, TimeSpan.FromHours(2)));
        record.Node = "n01";

        var results = await Store.EnqueueAsync([record]);

        Assert.That(results, Is.EqualTo(new[] { new EnqueueResult(record.Id, true, Queued, "reduce", record.EnqueueSequence) }));
        var stored = await Store.GetAsync(record.Id);
        Assert.That(stored, Is.Not.Null);
        Assert.That(stored!.Id, Is.EqualTo(record.Id));
        Assert.That(stored.TaskId, Is.EqualTo("reduce"));
        Assert.That(stored.TaskName, Is.EqualTo("reduce-name"));
        Assert.That(stored.Priority, Is.EqualTo(3));
        Assert.That(stored.ExecutionOption.ToJsonString(), Is.EqualTo(record.ExecutionOption.ToJsonString()));
        Assert.That(stored.EnqueueSequence, Is.EqualTo(record.EnqueueSequence));
        Assert.That(stored.EnqueuedAt, Is.EqualTo(record.EnqueuedAt), "same instant");
        Assert.That(stored.EnqueuedAt.Offset, Is.EqualTo(TimeSpan.Zero), "returned in UTC");
        Assert.That(stored.State, Is.EqualTo(Queued));
        Assert.That(stored.Transitions, Is.Empty);
        Assert.That(stored.Node, Is.EqualTo("n01"));
        Assert.That(stored.Placement, Is.EqualTo(CpuSet.Empty));
    }

    [Test]
    public async Task Enqueue_KeepsACopy_SoLaterChangesToTheCallersRecordDoNotLeakIn()
    {
        var record = NewRecord();
        await Store.EnqueueAsync([record]);

        record.ExecutionOption["input"] = "changed";
        record.Priority = 99;
        var first = await Store.GetAsync(record.Id);
        first!.ExecutionOption["input"] = "changed too";

        var stored = await Store.GetAsync(record.Id);
        Assert.That(stored!.ExecutionOption["input"]!.GetValue<string>(), Does.StartWith("out/step_"));
        Assert.That(stored.Priority, Is.Zero);
    }

    [Test]
    public async Task Enqueue_TheSameIdAgain_IsIdempotentAndDescribesTheStoredExecution()
    {
        var original = await EnqueuedAsync("reduce");
        await DriveAsync(original.Id, T0, Starting);
        var retry = new ExecutionRecord(original.Id, "another-task", 999, T0.AddHours(1));

        var results = await Store.EnqueueAsync([retry]);

        Assert.That(results[0], Is.EqualTo(new EnqueueResult(original.Id, false, Starting, "reduce", original.EnqueueSequence)));
        var stored = await Store.GetAsync(original.Id);
        Assert.That(stored!.TaskId, Is.EqualTo("reduce"));
        Assert.That(stored.State, Is.EqualTo(Starting));
        Assert.That(await Store.MaxSequenceAsync(), Is.EqualTo(original.EnqueueSequence), "a refused duplicate does not move the sequence");
    }

    [Test]
    public async Task Enqueue_AnIdRepeatedInOneBatch_StoresTheFirstAndReportsTheSecondAsExisting()
    {
        var first = NewRecord("first");
        var second = new ExecutionRecord(first.Id, "second", 50, T0);

        var results = await Store.EnqueueAsync([first, second, NewRecord()]);

        Assert.That(results.Select(r => r.Created), Is.EqualTo(new[] { true, false, true }));
        Assert.That(results[1].TaskId, Is.EqualTo("first"));
        Assert.That((await Store.GetAsync(first.Id))!.TaskId, Is.EqualTo("first"));
        Assert.That((await Store.CountByStateAsync())[Queued], Is.EqualTo(2));
    }

    [Test]
    public async Task Enqueue_ABatchWithOneBadElement_StoresNothingOfIt()
    {
        var bad = NewRecord();
        bad.TransitionTo(Queued, Skipped, T0, "already decided");
        var batch = new[] { NewRecord(), NewRecord(), bad, NewRecord() };

        await Assert.ThrowsAsync<ArgumentException>(() => Store.EnqueueAsync(batch));

        Assert.That(await Store.ListAsync(ExecutionFilter.All), Is.Empty);
        Assert.That(await Store.MaxSequenceAsync(), Is.Zero);
    }

    [Test]
    public async Task Enqueue_ManyInOneBatch_AreAllStoredAndReportedInBatchOrder()
    {
        var batch = Enumerable.Range(0, 500).Select(_ => NewRecord()).ToList();

        var results = await Store.EnqueueAsync(batch);

        Assert.That(results.Select(r => r.Id), Is.EqualTo(batch.Select(r => r.Id)));
        Assert.That(results.All(r => r.Created), Is.True);
        Assert.That((await Store.ListAsync(ExecutionFilter.All)).Select(r => r.Id), Is.EqualTo(batch.Select(r => r.Id)));
    }

    [Test]
    public async Task Enqueue_AnEmptyBatch_ReturnsNoResults()
    {
        Assert.That(await Store.EnqueueAsync([]), Is.Empty);
    }

    [Test]
    public async Task Enqueue_WithACancelledToken_StoresNothing()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.CatchAsync<OperationCanceledException>(() => Store.EnqueueAsync([NewRecord()], cancelled.Token));

        Assert.That(await Store.ListAsync(ExecutionFilter.All), Is.Empty);
    }

    [Test]
    public async Task MaxSequence_IsTheHighestEnqueued_AndNeverGoesBackAfterAPurge()
    {
        Assert.That(await Store.MaxSequenceAsync(), Is.Zero);
        var done = await InStateAsync(Succeeded, at: T0);
        Assert.That(await Store.MaxSequenceAsync(), Is.EqualTo(done.EnqueueSequence));

        Assert.That(await Store.PurgeAsync(T0.AddDays(1)), Is.EqualTo(1));

        Assert.That(await Store.MaxSequenceAsync(), Is.EqualTo(done.EnqueueSequence));
    }

    [Test]
    public async Task Store_AfterDispose_RefusesCalls()
    {
        Store.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => Store.EnqueueAsync([NewRecord()]));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => Store.GetAsync(ExecutionId.New()));
    }
}

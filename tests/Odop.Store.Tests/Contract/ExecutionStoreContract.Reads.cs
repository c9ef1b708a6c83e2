using Odop.Core;
using Odop.Core.Executions;
using static Odop.Core.Executions.ExecutionState;

namespace Odop.Store.Tests.Contract;

public abstract partial class ExecutionStoreContract
{
    [Test]
    public async Task Get_AnUnknownId_ReturnsNull()
    {
        Assert.That(await Store.GetAsync(ExecutionId.New()), Is.Null);
    }

    [Test]
    public async Task List_WithNoFilter_ReturnsEveryExecutionInEnqueueOrderWithHistory()
    {
        var a = await InStateAsync(Running);
        var b = await EnqueuedAsync();

        var all = await Store.ListAsync(ExecutionFilter.All);

        Assert.That(all.Select(r => r.Id), Is.EqualTo(new[] { a.Id, b.Id }));
        Assert.That(all[0].Transitions, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task List_FiltersByState()
    {
        var running = await InStateAsync(Running);
        var paused = await InStateAsync(Paused);
        await EnqueuedAsync();

        var live = await Store.ListAsync(new ExecutionFilter { States = [Running, Paused] });

        Assert.That(live.Select(r => r.Id), Is.EqualTo(new[] { running.Id, paused.Id }));
    }

    [Test]
    public async Task List_FiltersByTaskIdOrName_IgnoringCase()
    {
        var reduce = await EnqueuedAsync("reduce");
        var render = await EnqueuedAsync("render");

        Assert.That((await Store.ListAsync(new ExecutionFilter { Task = "REDUCE" })).Select(r => r.Id), Is.EqualTo(new[] { reduce.Id }));
        Assert.That((await Store.ListAsync(new ExecutionFilter { Task = "Render-Name" })).Select(r => r.Id), Is.EqualTo(new[] { render.Id }));
        Assert.That(await Store.ListAsync(new ExecutionFilter { Task = "red" }), Is.Empty);
    }

    [Test]
    public async Task List_FiltersByEnqueueTime()
    {
        await EnqueuedAsync(enqueuedAt: T0);
        var later = await EnqueuedAsync(enqueuedAt: T0.AddMinutes(10));

        var since = await Store.ListAsync(new ExecutionFilter { Since = T0.AddMinutes(10) });

        Assert.That(since.Select(r => r.Id), Is.EqualTo(new[] { later.Id }));
    }

    [Test]
    public async Task List_LimitKeepsTheOldest_OrTheNewestWhenAsked()
    {
        var records = new List<ExecutionRecord>();
        for (var i = 0; i < 5; i++) records.Add(await EnqueuedAsync());

        var oldest = await Store.ListAsync(new ExecutionFilter { Limit = 2 });
        var newest = await Store.ListAsync(new ExecutionFilter { Limit = 2, NewestFirst = true });

        Assert.That(oldest.Select(r => r.Id), Is.EqualTo(records.Take(2).Select(r => r.Id)));
        Assert.That(newest.Select(r => r.Id), Is.EqualTo(new[] { records[4].Id, records[3].Id }));
    }

    [Test]
    public async Task LoadLiveAndQueued_ReturnsQueuedInDispatchOrder_LiveAndLostInEnqueueOrder_AndNothingFinished()
    {
        var running = await InStateAsync(Running);
        var queuedLow = await EnqueuedAsync(priority: 0);
        var starting = await InStateAsync(Starting);
        var lost = await InStateAsync(Lost);
        var queuedHigh = await EnqueuedAsync(priority: 9);
        var paused = await InStateAsync(Paused);
        foreach (var finished in new[] { Succeeded, Failed, TimedOut, Stopped, Skipped }) await InStateAsync(finished);

        var set = await Store.LoadLiveAndQueuedAsync();

        Assert.That(set.Queued.Select(r => r.Id), Is.EqualTo(new[] { queuedHigh.Id, queuedLow.Id }));
        Assert.That(set.Live.Select(r => r.Id), Is.EqualTo(new[] { running.Id, starting.Id, paused.Id }));
        Assert.That(set.Lost.Select(r => r.Id), Is.EqualTo(new[] { lost.Id }));
        Assert.That(set.Live[0].Transitions, Has.Count.EqualTo(2), "records come with their history");
    }

    [Test]
    public async Task CountByState_HasEveryState_WithZeroForNone()
    {
        await InStateAsync(Running);
        await InStateAsync(Running);
        await EnqueuedAsync();

        var counts = await Store.CountByStateAsync();

        Assert.That(counts.Keys, Is.EquivalentTo(AllStates()));
        Assert.That(counts[Running], Is.EqualTo(2));
        Assert.That(counts[Queued], Is.EqualTo(1));
        Assert.That(counts.Where(c => c.Key is not (Running or Queued)).Select(c => c.Value), Is.All.Zero);
    }
}

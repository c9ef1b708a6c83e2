using System.Collections.Concurrent;
using Odop.Core;
using Odop.Core.Executions;
using Odop.Core.Hardware;
using static Odop.Core.Executions.ExecutionState;

namespace Odop.Store.Tests.Contract;

public abstract partial class ExecutionStoreContract
{
    [Test]
    public async Task TryClaim_ManyClaimsRacingForOneExecution_ExactlyOneWins()
    {
        var record = await EnqueuedAsync();
        const int racers = 32;
        using var start = new ManualResetEventSlim();

        var claims = Enumerable.Range(0, racers).Select(i => Task.Run(async () =>
        {
            start.Wait();
            return await Store.TryClaimAsync(record.Id, T0, $"claimer {i}", new ExecutionChanges { Placement = CpuSet.Of(i) });
        })).ToList();
        start.Set();
        var results = await Task.WhenAll(claims);

        Assert.That(results.Count(r => r.Applied), Is.EqualTo(1));
        Assert.That(results.Where(r => !r.Applied).Select(r => r.Outcome), Is.All.EqualTo(TransitionOutcome.StateMismatch));
        var stored = await Store.GetAsync(record.Id);
        var winner = results.Single(r => r.Applied).Recorded!.Value.Reason;
        Assert.That(stored!.Transitions, Has.Count.EqualTo(1));
        Assert.That(stored.Transitions[0].Reason, Is.EqualTo(winner));
        Assert.That(stored.Placement, Is.EqualTo(CpuSet.Of(int.Parse(winner["claimer ".Length..]))), "the winner's changes, nobody else's");
    }

    [Test]
    public async Task ClaimNext_TakesTheHeadOfTheDispatchOrder()
    {
        var highEarlier = NewRecord(priority: 5);
        var highLater = NewRecord(priority: 5);
        var low = NewRecord(priority: 0);
        await Store.EnqueueAsync([highLater]);
        await Store.EnqueueAsync([low]);
        await Store.EnqueueAsync([highEarlier]);

        var order = new List<ExecutionId>();
        while (await Store.ClaimNextAsync(T0, "claimed") is { } claimed)
        {
            Assert.That(claimed.State, Is.EqualTo(Starting));
            Assert.That(claimed.Transitions.Single().Reason, Is.EqualTo("claimed"));
            order.Add(claimed.Id);
        }

        // Same priority: the smaller enqueue sequence first, whatever the arrival order.
        Assert.That(order, Is.EqualTo(new[] { highEarlier.Id, highLater.Id, low.Id }));
    }

    [Test]
    public async Task ClaimNext_WithNothingQueued_ReturnsNull()
    {
        await InStateAsync(Running);

        Assert.That(await Store.ClaimNextAsync(T0, "claimed"), Is.Null);
    }

    [Test]
    public async Task ClaimNext_RacingClaimers_NeverGetTheSameExecution()
    {
        var queued = Enumerable.Range(0, 60).Select(i => NewRecord(priority: i % 3)).ToList();
        await Store.EnqueueAsync(queued);
        var claimed = new ConcurrentBag<ExecutionId>();

        await Task.WhenAll(Enumerable.Range(0, 6).Select(w => Task.Run(async () =>
        {
            while (await Store.ClaimNextAsync(T0, $"worker {w}") is { } record) claimed.Add(record.Id);
        })));

        Assert.That(claimed, Has.Count.EqualTo(queued.Count));
        Assert.That(claimed, Is.Unique);
        Assert.That(claimed, Is.EquivalentTo(queued.Select(r => r.Id)));
    }

    [Test]
    public async Task TryClaim_AfterLostAndRequeued_ClaimsAgainAndCountsTheAttempt()
    {
        var record = await InStateAsync(Lost);
        await DriveAsync(record.Id, T0.AddMinutes(2), Queued);

        var result = await Store.TryClaimAsync(record.Id, T0.AddMinutes(3), "retry");

        Assert.That(result.Applied, Is.True);
        Assert.That((await Store.GetAsync(record.Id))!.Attempts, Is.EqualTo(2));
    }
}

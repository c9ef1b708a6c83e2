using System.Collections.Concurrent;
using Odop.Agent.Engine;

namespace Odop.Agent.Tests.Engine;

public class PerExecutionOrderTests
{
    [Test]
    public async Task OneExecutionsCalls_RunInTheOrderGiven_EachAfterThePreviousEnds()
    {
        var order = new PerExecutionOrder();
        var log = new ConcurrentQueue<string>();
        var slowStart = new TaskCompletionSource();
        var inFlight = 0;
        var overlapped = false;

        async Task Call(string name, Task? gate = null)
        {
            if (Interlocked.Increment(ref inFlight) > 1) overlapped = true;
            log.Enqueue(name + ">");
            if (gate is not null) await gate;
            else await Task.Delay(5);
            log.Enqueue("<" + name);
            Interlocked.Decrement(ref inFlight);
        }

        var calls = new List<Task>
        {
            order.Enqueue("a", () => Call("start", slowStart.Task)),
            order.Enqueue("a", () => Call("pause")),
            order.Enqueue("a", () => Call("set_affinity")),
            order.Enqueue("a", () => Call("resume")),
            order.Enqueue("a", () => Call("stop")),
        };
        await Task.Delay(100);
        Assert.That(log, Is.EqualTo(new[] { "start>" }), "nothing overtakes a start still in flight");

        slowStart.SetResult();
        await Task.WhenAll(calls);
        Assert.That(log, Is.EqualTo(new[] { "start>", "<start", "pause>", "<pause", "set_affinity>", "<set_affinity", "resume>", "<resume", "stop>", "<stop" }));
        Assert.That(overlapped, Is.False);
    }

    [Test]
    public async Task DifferentExecutions_DoNotWaitForEachOther()
    {
        var order = new PerExecutionOrder();
        var blocked = new TaskCompletionSource();
        var first = order.Enqueue("a", () => blocked.Task);
        var second = order.Enqueue("b", () => Task.CompletedTask);

        Assert.That(await Task.WhenAny(second, Task.Delay(TimeSpan.FromSeconds(10))), Is.SameAs(second), "b ran while a was blocked");
        Assert.That(first.IsCompleted, Is.False);
        blocked.SetResult();
        await first;
    }

    [Test]
    public async Task AFailedCall_DoesNotStopTheNextOne_AndAnExecutionWithNothingLeftIsForgotten()
    {
        var order = new PerExecutionOrder();
        var ran = false;
        var failing = order.Enqueue("a", () => throw new InvalidOperationException("engine gone"));
        var next = order.Enqueue("a", () => { ran = true; return Task.CompletedTask; });

        Assert.That(async () => await failing, Throws.InvalidOperationException);
        await next;
        Assert.That(ran, Is.True);

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (order.Pending != 0 && DateTime.UtcNow < deadline) await Task.Delay(10);
        Assert.That(order.Pending, Is.Zero);
    }

    [Test]
    public void TheCallNeverRunsOnTheSendersThread()
    {
        var order = new PerExecutionOrder();
        var sender = Environment.CurrentManagedThreadId;
        var ranOn = -1;
        order.Enqueue("a", () => { ranOn = Environment.CurrentManagedThreadId; return Task.CompletedTask; }).Wait();
        Assert.That(ranOn, Is.Not.EqualTo(sender));
    }
}

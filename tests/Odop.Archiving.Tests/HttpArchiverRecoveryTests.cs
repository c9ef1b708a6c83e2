using Microsoft.Extensions.Logging.Abstractions;
using Odop.Archiving.Tests.Support;

namespace Odop.Archiving.Tests;

/// <summary>The acceptance test of the HTTP archiver: an endpoint that is down loses nothing once it is back.</summary>
public class HttpArchiverRecoveryTests
{
    private static ArchiveConfig Config(LoopbackEndpoint endpoint, string backoff = "1s") => ArchiveConfig.Parse($$"""
        {"archivers": [{"name": "web", "type": "http", "url": "{{endpoint.Url}}", "timeout": "5s",
                        "retries": {"backoff": "{{backoff}}", "max_backoff": "1m"}, "ttl": "24h"}]}
        """, null, ArchiverRegistry.CreateDefault());

    [Test]
    public async Task RecordsHandedInWhileTheEndpointIsDown_AreRetriedWithBackoff_AndAllArriveOnceItIsBack()
    {
        using var endpoint = new LoopbackEndpoint(); // not started: connections to its port are refused
        var clock = new ManualClock();
        await using var dispatcher = new ArchiveDispatcher(Config(endpoint).Archivers, ArchiveBacklog.InMemory(), clock, NullLogger.Instance);
        var sent = Enumerable.Range(0, 5).Select(_ => Records.Finished()).ToList();
        foreach (var r in sent) dispatcher.Submit(r);

        await dispatcher.PumpAsync(default);
        var status = dispatcher.Status().Single();
        Assert.That((status.Pending, status.FailedAttempts, status.Delivered), Is.EqualTo((5, 1L, 0L)), "one failed try, then the archiver backs off");
        Assert.That(status.LastError, Is.Not.Empty);
        Assert.That(status.BackingOffUntil, Is.EqualTo(clock.GetUtcNow() + TimeSpan.FromSeconds(1)));

        clock.Advance(TimeSpan.FromSeconds(1));
        await dispatcher.PumpAsync(default);
        Assert.That(dispatcher.Status().Single().BackingOffUntil, Is.EqualTo(clock.GetUtcNow() + TimeSpan.FromSeconds(2)), "backoff doubles");
        var later = Enumerable.Range(0, 2).Select(_ => Records.Finished()).ToList();
        foreach (var r in later) dispatcher.Submit(r);
        sent.AddRange(later);
        await dispatcher.PumpAsync(default);
        Assert.That(dispatcher.Status().Single().FailedAttempts, Is.EqualTo(2), "while backing off, nothing is tried");

        endpoint.Start();
        clock.Advance(TimeSpan.FromSeconds(2));
        await dispatcher.PumpAsync(default);

        status = dispatcher.Status().Single();
        Assert.That((status.Pending, status.Delivered, status.Expired, status.GivenUp), Is.EqualTo((0, 7L, 0L, 0L)));
        Assert.That(status.BackingOffUntil, Is.Null);
        var arrived = endpoint.Received.Select(r => (string)r["execution_id"]!).ToHashSet();
        Assert.That(arrived, Is.EquivalentTo(sent.Select(r => r.ExecutionId)), "every record arrived (after dedupe on execution_id)");
        var one = endpoint.Received.First(r => (string)r["execution_id"]! == sent[0].ExecutionId);
        Assert.That((string?)one["state"], Is.EqualTo("succeeded"));
        Assert.That((double)one["usage"]!["cpu_seconds"]!, Is.EqualTo(1.25));
    }

    [Test]
    public async Task TheWorker_KeepsRetryingOnItsOwn_UntilTheEndpointAnswers()
    {
        using var endpoint = new LoopbackEndpoint();
        await using var dispatcher = new ArchiveDispatcher(Config(endpoint, backoff: "20ms").Archivers, ArchiveBacklog.InMemory(),
            TimeProvider.System, NullLogger.Instance);
        using var stop = new CancellationTokenSource();
        var worker = Task.Run(() => dispatcher.RunAsync(stop.Token));
        var sent = Enumerable.Range(0, 3).Select(_ => Records.Finished()).ToList();
        foreach (var r in sent) dispatcher.Submit(r);

        await Until(() => dispatcher.Status().Single().FailedAttempts >= 3, "three failed attempts while the endpoint is down");
        endpoint.Start();
        await Until(() => dispatcher.Status().Single().Delivered == 3, "all delivered once the endpoint is back");

        Assert.That(endpoint.Received.Select(r => (string)r["execution_id"]!).Distinct(), Is.EquivalentTo(sent.Select(r => r.ExecutionId)));
        await stop.CancelAsync();
        await worker;
    }

    [Test]
    public async Task AnEndpointAnsweringAnErrorStatus_CountsAsAFailedAttempt()
    {
        using var endpoint = new LoopbackEndpoint { Answer = System.Net.HttpStatusCode.ServiceUnavailable };
        endpoint.Start();
        var clock = new ManualClock();
        await using var dispatcher = new ArchiveDispatcher(Config(endpoint).Archivers, ArchiveBacklog.InMemory(), clock, NullLogger.Instance);
        dispatcher.Submit(Records.Finished());

        await dispatcher.PumpAsync(default);

        var status = dispatcher.Status().Single();
        Assert.That((status.Pending, status.FailedAttempts), Is.EqualTo((1, 1L)));
        Assert.That(status.LastError, Does.Contain("503"));
    }

    private static async Task Until(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail("never happened: " + what);
            await Task.Delay(20);
        }
    }
}

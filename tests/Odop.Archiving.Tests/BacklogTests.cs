using Microsoft.Extensions.Logging.Abstractions;
using Odop.Archiving.Tests.Support;

namespace Odop.Archiving.Tests;

public class BacklogTests
{
    private string _folder = null!;

    [SetUp]
    public void CreateFolder() => _folder = Directory.CreateTempSubdirectory("odop-archive-test-").FullName;

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    public async Task RecordsWaitingInTheBacklogFile_SurviveARestart_AndAreDeliveredAfterIt()
    {
        var path = Path.Combine(_folder, "backlog.db");
        var clock = new ManualClock();
        var sent = Enumerable.Range(0, 3).Select(_ => Records.Finished()).ToList();
        var down = new CollectingArchiver("store") { Failing = true };
        await using (var first = new ArchiveDispatcher([Records.Configured(down)], ArchiveBacklog.OpenFile(path), clock, NullLogger.Instance))
        {
            foreach (var r in sent) first.Submit(r);
            await first.PumpAsync(default);
            Assert.That(first.Status().Single().Pending, Is.EqualTo(3));
        }

        var up = new CollectingArchiver("store");
        await using var second = new ArchiveDispatcher([Records.Configured(up)], ArchiveBacklog.OpenFile(path), clock, NullLogger.Instance);
        var restored = second.Status().Single();
        Assert.That((restored.Pending, restored.FailedAttempts), Is.EqualTo((3, 1L)), "backlog and totals come back from the file");

        clock.Advance(TimeSpan.FromMinutes(1));
        await second.PumpAsync(default);

        Assert.That(up.Received.Select(r => r.ExecutionId), Is.EquivalentTo(sent.Select(r => r.ExecutionId)));
        Assert.That(up.Received.First(r => r.ExecutionId == sent[0].ExecutionId), Is.EqualTo(sent[0]).Using<ResultRecord>(SameJson));
        Assert.That(second.Status().Single().Pending, Is.Zero);
    }

    [Test]
    public async Task RecordsPastTheirTimeToLive_AreDroppedAndCountedAsExpired()
    {
        var clock = new ManualClock();
        var down = new CollectingArchiver { Failing = true };
        await using var dispatcher = new ArchiveDispatcher([Records.Configured(down, ttl: TimeSpan.FromHours(1))], ArchiveBacklog.InMemory(), clock, NullLogger.Instance);
        dispatcher.Submit(Records.Finished());
        dispatcher.Submit(Records.Finished());
        await dispatcher.PumpAsync(default);
        clock.Advance(TimeSpan.FromMinutes(30));
        var young = Records.Finished();
        dispatcher.Submit(young);
        var wake = await dispatcher.PumpAsync(default);
        Assert.That(wake, Is.Not.Null, "the worker knows when to come back");

        clock.Advance(TimeSpan.FromMinutes(31));
        down.Failing = false;
        await dispatcher.PumpAsync(default);

        var status = dispatcher.Status().Single();
        Assert.That((status.Expired, status.Pending, status.Delivered), Is.EqualTo((2L, 0, 1L)));
        Assert.That(down.Received.Single().ExecutionId, Is.EqualTo(young.ExecutionId), "only the record within its time-to-live is delivered");
    }

    [Test]
    public async Task ARecordIsGivenUp_AfterItsLastAllowedAttempt()
    {
        var clock = new ManualClock();
        var down = new CollectingArchiver { Failing = true };
        var retries = new RetryPolicy { MaxAttempts = 3, Backoff = TimeSpan.FromSeconds(1), MaxBackoff = TimeSpan.FromSeconds(2) };
        await using var dispatcher = new ArchiveDispatcher([Records.Configured(down, retries)], ArchiveBacklog.InMemory(), clock, NullLogger.Instance);
        dispatcher.Submit(Records.Finished());

        for (var i = 0; i < 3; i++)
        {
            await dispatcher.PumpAsync(default);
            clock.Advance(TimeSpan.FromSeconds(2));
        }

        var status = dispatcher.Status().Single();
        Assert.That((status.GivenUp, status.FailedAttempts, status.Pending), Is.EqualTo((1L, 3L, 0)));
    }

    [Test]
    public void Backoff_DoublesFromItsStart_UpToItsLimit()
    {
        var policy = new RetryPolicy { Backoff = TimeSpan.FromSeconds(1), MaxBackoff = TimeSpan.FromSeconds(10) };
        Assert.That(Enumerable.Range(1, 6).Select(n => policy.Delay(n).TotalSeconds), Is.EqualTo(new double[] { 1, 2, 4, 8, 10, 10 }));
    }

    [Test]
    public async Task EveryConfiguredArchiver_GetsEveryRecord_AndOneDownDoesNotHoldTheOthersBack()
    {
        var clock = new ManualClock();
        var down = new CollectingArchiver("down") { Failing = true };
        var up = new CollectingArchiver("up");
        await using var dispatcher = new ArchiveDispatcher([Records.Configured(down), Records.Configured(up)], ArchiveBacklog.InMemory(), clock, NullLogger.Instance);
        dispatcher.Submit(Records.Finished());
        dispatcher.Submit(Records.Finished());

        await dispatcher.PumpAsync(default);

        Assert.That(up.Received, Has.Count.EqualTo(2));
        Assert.That(dispatcher.Status().Select(s => (s.Name, s.Pending)), Is.EqualTo(new[] { ("down", 2), ("up", 0) }));
    }

    [Test]
    public async Task AtStart_RecordsThatEndedAfterTheLastOneTheBacklogTook_AreHandedInAgain()
    {
        var path = Path.Combine(_folder, "backlog.db");
        var clock = new ManualClock();
        var t0 = clock.GetUtcNow();
        var archiver = new CollectingArchiver();
        var asked = new List<DateTimeOffset>();
        async IAsyncEnumerable<ResultRecord> History(DateTimeOffset since, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
        {
            asked.Add(since);
            await Task.Yield();
            yield return Records.Finished("11111111-1111-1111-1111-111111111111", endedAt: t0 + TimeSpan.FromSeconds(5)); // handed in before
            yield return Records.Finished("22222222-2222-2222-2222-222222222222", endedAt: t0 + TimeSpan.FromSeconds(9)); // lost in a crash
        }
        await using (var first = new ArchiveDispatcher([Records.Configured(archiver)], ArchiveBacklog.OpenFile(path), clock, NullLogger.Instance, recover: History))
        {
            await first.RecoverAsync(default);
            Assert.That(asked, Is.Empty, "a fresh backlog starts from now: history is not archived");
            first.Submit(Records.Finished("11111111-1111-1111-1111-111111111111", endedAt: t0 + TimeSpan.FromSeconds(5)));
            await first.PumpAsync(default);
        }

        await using var second = new ArchiveDispatcher([Records.Configured(archiver)], ArchiveBacklog.OpenFile(path), clock, NullLogger.Instance, recover: History);
        await second.RecoverAsync(default);
        await second.PumpAsync(default);

        Assert.That(asked, Is.EqualTo(new[] { t0 + TimeSpan.FromSeconds(5) }), "asked from the end of the last record taken");
        Assert.That(archiver.Received.Select(r => r.ExecutionId),
            Is.EquivalentTo(new[] { "11111111-1111-1111-1111-111111111111", "22222222-2222-2222-2222-222222222222" }),
            "the lost one comes again; the last one taken is known and not sent twice");
    }

    private static bool SameJson(ResultRecord a, ResultRecord b) => a.ToJson().ToJsonString() == b.ToJson().ToJsonString();
}

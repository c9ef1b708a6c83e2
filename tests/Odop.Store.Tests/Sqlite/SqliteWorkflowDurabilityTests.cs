using Odop.Core;
using Odop.Core.Executions;
using Odop.Core.Workflow;
using static Odop.Core.Executions.ExecutionState;

namespace Odop.Store.Tests.Sqlite;

/// <summary>Dependencies, groups and retry state are still there when the file is opened again (an agent restart).</summary>
public class SqliteWorkflowDurabilityTests
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Test]
    public async Task Reopen_KeepsDependenciesGroupsRetriesAndNotBefore()
    {
        using var database = new TempDatabase();
        var first = new ExecutionRecord(ExecutionId.New(), "reduce", 1, T0);
        var second = new ExecutionRecord(ExecutionId.New(), "reduce", 2, T0)
        {
            Workflow = new ExecutionWorkflow([first.Id], DependencyMode.AfterOk, new RetryPolicy(3, TimeSpan.FromSeconds(2), 2, TimeSpan.FromMinutes(5)),
                new GroupSpec("g", GroupStrategy.Sequential, FailureMode.FailFast)),
        };
        using (var store = ExecutionStores.OpenSqlite(database.Path))
        {
            await store.EnqueueAsync([first, second]);
            await store.ApplyAsync(
            [
                new TransitionRequest(second.Id, Queued, Starting, T0, "placed"),
                new TransitionRequest(second.Id, Starting, Running, T0, "started"),
                new TransitionRequest(second.Id, Running, Queued, T0.AddSeconds(1), "exit code 1; retry 1 of 3 in 2s",
                    new ExecutionChanges { Retries = 1, NotBefore = T0.AddSeconds(3) }),
            ]);
        }

        using var reopened = ExecutionStores.OpenSqlite(database.Path);
        var stored = (await reopened.GetAsync(second.Id))!;

        Assert.That(stored.Workflow.After, Is.EqualTo(new[] { first.Id }));
        Assert.That(stored.Workflow.Group!.Strategy, Is.EqualTo(GroupStrategy.Sequential));
        Assert.That(stored.Workflow.Retries!.Max, Is.EqualTo(3));
        Assert.That((stored.State, stored.Retries, stored.NotBefore, stored.Attempts), Is.EqualTo((Queued, 1, (DateTimeOffset?)T0.AddSeconds(3), 1)));
    }
}

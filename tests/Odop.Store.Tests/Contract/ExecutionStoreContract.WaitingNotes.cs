using Odop.Core;
using static Odop.Core.Executions.ExecutionState;

namespace Odop.Store.Tests.Contract;

public abstract partial class ExecutionStoreContract
{
    [Test]
    public async Task Notes_AreReadBackInTheOrderWritten_PerExecution()
    {
        var a = await EnqueuedAsync();
        var b = await EnqueuedAsync();
        var stored = await Store.AddNotesAsync([
            new ExecutionNote(a.Id, T0.AddSeconds(1), "waiting: idle-window: no core idle for 2 s"),
            new ExecutionNote(b.Id, T0.AddSeconds(1), "waiting: memory: needs 2G"),
        ]);
        await Store.AddNotesAsync([new ExecutionNote(a.Id, T0.AddSeconds(5), "waiting: memory: needs 2G")]);

        Assert.That(stored, Is.EqualTo(2));
        Assert.That(await Store.NotesAsync(a.Id), Is.EqualTo(new[]
        {
            new ExecutionNote(a.Id, T0.AddSeconds(1), "waiting: idle-window: no core idle for 2 s"),
            new ExecutionNote(a.Id, T0.AddSeconds(5), "waiting: memory: needs 2G"),
        }));
        Assert.That(await Store.NotesAsync(b.Id), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Notes_OfUnknownExecutionsAreSkipped_AndAnEmptyTextIsRefused()
    {
        var known = await EnqueuedAsync();
        Assert.That(await Store.AddNotesAsync([new ExecutionNote(ExecutionId.New(), T0, "waiting"), new ExecutionNote(known.Id, T0, "waiting")]), Is.EqualTo(1));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.AddNotesAsync([new ExecutionNote(known.Id, T0, " ")]));
        Assert.That(await Store.NotesAsync(ExecutionId.New()), Is.Empty);
    }

    [Test]
    public async Task Purge_DeletesAnExecutionsNotesWithIt()
    {
        var done = await InStateAsync(Succeeded, at: T0);
        await Store.AddNotesAsync([new ExecutionNote(done.Id, T0, "waiting: static: no free core")]);

        await Store.PurgeAsync(T0.AddDays(1));

        Assert.That(await Store.NotesAsync(done.Id), Is.Empty);
    }
}

using System.Text.Json.Nodes;
using Odop.Core;
using Odop.Core.Executions;
using static Odop.Core.Executions.ExecutionState;

namespace Odop.Store.Tests.Contract;

/// <summary>
/// The behaviour every <see cref="IExecutionStore"/> must have. Each implementation inherits this
/// fixture and only says how to make a store; a test here that fails for one of them is a bug in
/// that implementation, not a difference to document.
/// </summary>
public abstract partial class ExecutionStoreContract
{
    protected static readonly DateTimeOffset T0 = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private long _sequence;

    protected IExecutionStore Store { get; private set; } = null!;

    /// <summary>A new, empty store; disposed after each test.</summary>
    protected abstract IExecutionStore CreateStore();

    [SetUp]
    public void OpenStore()
    {
        _sequence = 0;
        Store = CreateStore();
    }

    [TearDown]
    public void CloseStore() => Store.Dispose();

    protected ExecutionRecord NewRecord(string task = "reduce", int priority = 0, DateTimeOffset? enqueuedAt = null, ExecutionId? id = null) =>
        new(id ?? ExecutionId.New(), task, ++_sequence, enqueuedAt ?? T0.AddSeconds(_sequence))
        {
            TaskName = task + "-name",
            Priority = priority,
            ExecutionOption = new JsonObject { ["input"] = $"out/step_{_sequence:D4}.h5" },
        };

    protected async Task<ExecutionRecord> EnqueuedAsync(string task = "reduce", int priority = 0, DateTimeOffset? enqueuedAt = null)
    {
        var record = NewRecord(task, priority, enqueuedAt);
        var results = await Store.EnqueueAsync([record]);
        Assert.That(results[0].Created, Is.True);
        return record;
    }

    /// <summary>Moves an execution along <paramref name="path"/>, one applied transition per step.</summary>
    protected async Task DriveAsync(ExecutionId id, DateTimeOffset at, params ExecutionState[] path)
    {
        var state = (await Store.GetAsync(id))!.State;
        foreach (var step in path)
        {
            var result = await Store.TryTransitionAsync(id, state, step, at, $"to {step.ToName()}");
            Assert.That(result.Outcome, Is.EqualTo(TransitionOutcome.Applied), $"{state} -> {step}");
            state = step;
        }
    }

    protected async Task<ExecutionRecord> InStateAsync(ExecutionState state, string task = "reduce", DateTimeOffset? at = null)
    {
        var record = await EnqueuedAsync(task);
        ExecutionState[] path = state switch
        {
            Queued => [],
            Starting => [Starting],
            Running => [Starting, Running],
            Paused => [Starting, Running, Paused],
            Succeeded => [Starting, Running, Succeeded],
            Failed => [Starting, Failed],
            TimedOut => [Starting, Running, TimedOut],
            Stopped => [Stopped],
            Skipped => [Skipped],
            Lost => [Starting, Lost],
            _ => throw new ArgumentOutOfRangeException(nameof(state)),
        };
        await DriveAsync(record.Id, at ?? T0.AddMinutes(1), path);
        return (await Store.GetAsync(record.Id))!;
    }

    protected static IEnumerable<ExecutionState> AllStates() => Enum.GetValues<ExecutionState>();
}

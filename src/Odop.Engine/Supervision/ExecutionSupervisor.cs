using System.Diagnostics;
using Odop.Core.Hardware;
using Odop.Engine.Commands;
using Odop.Engine.Internal;
using Odop.Node;
using Odop.Node.Proc;
using Odop.Node.Processes;

namespace Odop.Engine.Supervision;

/// <summary>
/// Runs and watches task processes: the domain side of the Engine service. One per engine; thread-safe.
/// Each task runs in its own process group (the unit of every signal), pinned and under SCHED_IDLE.
/// Disposing stops sampling and ends event streams but leaves task processes running.
/// </summary>
public sealed class ExecutionSupervisor : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Execution> _executions = new(StringComparer.Ordinal); // guarded by _lock
    private readonly List<ExecutionEventSubscription> _subscribers = []; // guarded by _lock
    private readonly ExecutionSupervisorOptions _options;
    private readonly TimeProvider _time;
    private readonly TaskCommandResolver _resolver;
    private readonly CancellationTokenSource _disposing = new();
    private readonly Task _sampling;
    // One walk of /proc for sampling and moving groups alike: it remembers which process is in which group.
    private readonly ProcessGroupWalk _groups = new();
    private readonly GroupSampler _groupSampler;

    public ExecutionSupervisor(ExecutionSupervisorOptions options, TimeProvider? time = null, TaskCommandResolver? resolver = null)
    {
        _options = options;
        _time = time ?? TimeProvider.System;
        _resolver = resolver ?? new TaskCommandResolver();
        Directory.CreateDirectory(options.LogDirectory);
        _groupSampler = new GroupSampler(_groups);
        _sampling = Task.Run(SampleLoopAsync);
    }

    /// <summary>
    /// Starts an execution. A bad execution method or a failed spawn gives a StartFailed snapshot (listed,
    /// with a StartFailed event), not an exception.
    /// </summary>
    /// <exception cref="ExecutionConflictException">An execution with this id is still running or paused.</exception>
    /// <exception cref="ArgumentException">The execution id is not usable as a file name.</exception>
    public ExecutionSnapshot Start(StartRequest request)
    {
        ExecutionIds.Validate(request.ExecutionId);
        var stdout = TaskCommandResolver.StdoutPath(_options.LogDirectory, request.ExecutionId);
        var stderr = TaskCommandResolver.StderrPath(_options.LogDirectory, request.ExecutionId);
        lock (_lock)
        {
            if (_executions.TryGetValue(request.ExecutionId, out var existing) && existing.IsLive)
                throw new ExecutionConflictException(request.ExecutionId, $"execution '{request.ExecutionId}' is already {existing.State}");

            LaunchedProcess? process = null;
            string? error = null;
            try
            {
                var spec = _resolver.Resolve(new TaskLaunchInput
                {
                    ExecutionId = request.ExecutionId,
                    TaskId = request.TaskId,
                    ExecutionMethod = request.ExecutionMethod,
                    ExecutionOptions = request.ExecutionOptions,
                    BaseDirectory = request.BaseDirectory,
                    Cpus = request.Cpus,
                    LogDirectory = _options.LogDirectory,
                    IdleScheduling = _options.IdleScheduling,
                });
                process = ProcessLauncher.Spawn(spec);
            }
            catch (Exception e) when (e is TaskSpecificationException or LaunchException)
            {
                error = e.Message;
            }
            // Spawned but not yet recorded: a crash here leaves an unlisted task that runs to its end.

            var now = _time.GetUtcNow();
            var execution = new Execution
            {
                ExecutionId = request.ExecutionId,
                TaskId = request.TaskId,
                StdoutPath = stdout,
                StderrPath = stderr,
                StartedAt = now,
                Process = process,
                State = process is null ? ExecutionProcessState.StartFailed : ExecutionProcessState.Running,
                Cpus = request.Cpus,
                EndedAt = process is null ? now : null,
                Error = error,
            };
            _executions[request.ExecutionId] = execution;
            var snapshot = execution.Snapshot(now);
            if (process is null)
            {
                AppendToLog(stderr, $"odop: cannot start: {error}");
                execution.Ended.TrySetResult(snapshot);
                Publish(ExecutionEventKind.StartFailed, snapshot, now);
                return snapshot;
            }
            Publish(ExecutionEventKind.Started, snapshot, now);
            process.Exited.ContinueWith(t => OnExited(execution, t.Result), CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            return snapshot;
        }
    }

    /// <summary>
    /// SIGTERM to the group, then SIGKILL to the group after <paramref name="grace"/> (default from the
    /// options) if anything is left. Returns at once; the Exited event follows. Stopping an ended execution
    /// changes nothing.
    /// </summary>
    public ExecutionSnapshot Stop(string executionId, TimeSpan? grace = null)
    {
        LaunchedProcess process;
        ExecutionSnapshot snapshot;
        lock (_lock)
        {
            var execution = Find(executionId);
            var now = _time.GetUtcNow();
            if (!execution.IsLive || execution.Process is null) return execution.Snapshot(now);
            process = execution.Process;
            var wasStopped = execution.StopRequested;
            execution.StopRequested = true;
            process.SignalGroup(ProcessSignals.SIGTERM);
            if (execution.State == ExecutionProcessState.Paused)
            {
                // TERM first, then CONT: the pending TERM is delivered as the group wakes, so a paused task
                // does no more work before it sees the stop.
                process.SignalGroup(ProcessSignals.SIGCONT);
                execution.State = ExecutionProcessState.Running;
                Publish(ExecutionEventKind.Resumed, execution.Snapshot(now), now);
            }
            snapshot = execution.Snapshot(now);
            if (wasStopped) return snapshot; // the first Stop's escalation is already on its way
        }
        _ = KillAfterGraceAsync(process, grace ?? _options.DefaultStopGrace);
        return snapshot;
    }

    /// <summary>SIGSTOP to the group. Pausing a paused execution changes nothing.</summary>
    /// <exception cref="ExecutionConflictException">The execution has ended.</exception>
    public ExecutionSnapshot Pause(string executionId) =>
        Transition(executionId, ExecutionProcessState.Running, ExecutionProcessState.Paused, ProcessSignals.SIGSTOP, ExecutionEventKind.Paused);

    /// <summary>SIGCONT to the group. Resuming a running execution changes nothing.</summary>
    /// <exception cref="ExecutionConflictException">The execution has ended.</exception>
    public ExecutionSnapshot Resume(string executionId) =>
        Transition(executionId, ExecutionProcessState.Paused, ExecutionProcessState.Running, ProcessSignals.SIGCONT, ExecutionEventKind.Resumed);

    /// <summary>Moves every thread of the group to <paramref name="cpus"/> (also while paused).</summary>
    /// <exception cref="ExecutionConflictException">The execution has ended.</exception>
    /// <exception cref="ArgumentException">The CPUs are empty or outside what this engine may use.</exception>
    public ExecutionSnapshot SetAffinity(string executionId, CpuSet cpus)
    {
        lock (_lock)
        {
            var execution = FindLive(executionId);
            Affinity.SetProcessGroup(execution.Process!.ProcessGroupId, cpus, _groups);
            execution.Cpus = cpus;
            var now = _time.GetUtcNow();
            var snapshot = execution.Snapshot(now);
            Publish(ExecutionEventKind.AffinityChanged, snapshot, now);
            return snapshot;
        }
    }

    /// <summary>Every execution known: live ones and those ended within the retention time, oldest first.</summary>
    public IReadOnlyList<ExecutionSnapshot> List()
    {
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            Prune(now);
            return _executions.Values.OrderBy(e => e.StartedAt).Select(e => e.Snapshot(now)).ToList();
        }
    }

    /// <exception cref="ExecutionNotFoundException"/>
    public ExecutionSnapshot Get(string executionId)
    {
        lock (_lock) return Find(executionId).Snapshot(_time.GetUtcNow());
    }

    /// <summary>Completes with the final snapshot once the execution has exited (or failed to start).</summary>
    /// <exception cref="ExecutionNotFoundException"/>
    public Task<ExecutionSnapshot> WaitForExitAsync(string executionId, CancellationToken cancellationToken = default)
    {
        lock (_lock) return Find(executionId).Ended.Task.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// A stream of events from now on; with <paramref name="includeCurrent"/> it first gets one Current event
    /// per known execution, with no gap nor overlap between those and the live events.
    /// </summary>
    public ExecutionEventSubscription Subscribe(bool includeCurrent)
    {
        var subscription = new ExecutionEventSubscription(Unsubscribe);
        lock (_lock)
        {
            if (_disposing.IsCancellationRequested) { subscription.Complete(); return subscription; }
            if (includeCurrent)
            {
                var now = _time.GetUtcNow();
                Prune(now);
                foreach (var e in _executions.Values.OrderBy(e => e.StartedAt))
                    subscription.Post(new ExecutionEvent(ExecutionEventKind.Current, e.Snapshot(now), now));
            }
            _subscribers.Add(subscription);
        }
        return subscription;
    }

    public async ValueTask DisposeAsync()
    {
        lock (_lock)
        {
            if (_disposing.IsCancellationRequested) return;
            _disposing.Cancel();
            foreach (var s in _subscribers) s.Complete();
            _subscribers.Clear();
        }
        await _sampling.ConfigureAwait(false);
        _disposing.Dispose();
    }

    private ExecutionSnapshot Transition(string executionId, ExecutionProcessState from, ExecutionProcessState to, int signal, ExecutionEventKind kind)
    {
        lock (_lock)
        {
            var execution = FindLive(executionId);
            var now = _time.GetUtcNow();
            if (execution.State != from) return execution.Snapshot(now);
            execution.Process!.SignalGroup(signal);
            execution.State = to;
            var snapshot = execution.Snapshot(now);
            Publish(kind, snapshot, now);
            return snapshot;
        }
    }

    private void OnExited(Execution execution, ChildExit exit)
    {
        ExecutionSnapshot snapshot;
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            execution.State = ExecutionProcessState.Exited;
            execution.EndedAt = now;
            execution.ExitCode = exit.ExitCode;
            execution.TermSignal = exit.TermSignal;
            execution.Usage.Finish(exit);
            snapshot = execution.Snapshot(now);
            if (!_disposing.IsCancellationRequested) Publish(ExecutionEventKind.Exited, snapshot, now);
        }
        execution.Ended.TrySetResult(snapshot);
        if (_options.KillGroupOnExit) execution.Process!.SignalGroup(ProcessSignals.SIGKILL); // leftovers only
    }

    private async Task KillAfterGraceAsync(LaunchedProcess process, TimeSpan grace)
    {
        try
        {
            var delay = Task.Delay(grace, _time, _disposing.Token);
            if (await Task.WhenAny(delay, process.Exited).ConfigureAwait(false) == process.Exited && _options.KillGroupOnExit)
                return; // the exit handler already killed what was left of the group
            await delay.ConfigureAwait(false);
            process.SignalGroup(ProcessSignals.SIGKILL);
        }
        catch (OperationCanceledException)
        {
            // Engine shutting down: tasks are left running on purpose.
        }
    }

    private async Task SampleLoopAsync()
    {
        using var timer = new PeriodicTimer(_options.SamplePeriod, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(_disposing.Token).ConfigureAwait(false))
                SampleOnce();
        }
        catch (OperationCanceledException)
        {
        }
    }

    internal void SampleOnce()
    {
        List<Execution> live;
        lock (_lock)
        {
            Prune(_time.GetUtcNow());
            live = _executions.Values.Where(e => e.IsLive && e.Process is not null).ToList();
        }
        if (live.Count == 0) return;
        // The /proc walk runs outside the lock: it takes milliseconds and commands must not wait for it.
        var samples = _groupSampler.Sample(live.Select(e => e.Process!.ProcessGroupId).ToHashSet());
        lock (_lock)
        {
            foreach (var execution in live)
                if (execution.IsLive && samples.TryGetValue(execution.Process!.ProcessGroupId, out var sample))
                    execution.Usage.AddSample(sample);
        }
    }

    private void Prune(DateTimeOffset now)
    {
        Debug.Assert(_lock.IsHeldByCurrentThread);
        foreach (var (id, e) in _executions.Where(kv => !kv.Value.IsLive && kv.Value.EndedAt + _options.ExitedRetention < now).ToList())
            _executions.Remove(id);
    }

    private void Publish(ExecutionEventKind kind, ExecutionSnapshot snapshot, DateTimeOffset at)
    {
        // Under the lock so every subscriber sees events in the order the state changed.
        Debug.Assert(_lock.IsHeldByCurrentThread);
        var e = new ExecutionEvent(kind, snapshot, at);
        foreach (var s in _subscribers) s.Post(e);
    }

    private void Unsubscribe(ExecutionEventSubscription subscription)
    {
        lock (_lock) _subscribers.Remove(subscription);
    }

    private Execution Find(string executionId) =>
        _executions.TryGetValue(executionId, out var e) ? e : throw new ExecutionNotFoundException(executionId);

    private Execution FindLive(string executionId)
    {
        var execution = Find(executionId);
        if (!execution.IsLive || execution.Process is null)
            throw new ExecutionConflictException(executionId, $"execution '{executionId}' has {(execution.State == ExecutionProcessState.StartFailed ? "not started" : "exited")}");
        return execution;
    }

    private static void AppendToLog(string path, string line)
    {
        try { File.AppendAllText(path, line + Environment.NewLine); }
        catch (IOException) { } // the snapshot carries the error anyway
    }
}

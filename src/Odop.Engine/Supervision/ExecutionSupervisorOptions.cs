namespace Odop.Engine.Supervision;

public sealed record ExecutionSupervisorOptions
{
    /// <summary>Logs go to &lt;LogDirectory&gt;/&lt;execution-id&gt;.out and .err; created if missing.</summary>
    public required string LogDirectory { get; init; }

    /// <summary>How often /proc is sampled for the peak RSS and thread sums of running groups.</summary>
    public TimeSpan SamplePeriod { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>How long exited executions stay listed, so a reconnecting agent learns exits it missed.</summary>
    public TimeSpan ExitedRetention { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Grace between SIGTERM and SIGKILL when a Stop names none.</summary>
    public TimeSpan DefaultStopGrace { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>When the group leader exits, SIGKILL what is left of its group: a task must not leave
    /// processes on cores the scheduler now thinks free.</summary>
    public bool KillGroupOnExit { get; init; } = true;

    /// <summary>Run tasks under SCHED_IDLE (the simulation always goes first).</summary>
    public bool IdleScheduling { get; init; } = true;
}

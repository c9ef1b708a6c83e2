namespace Odop.Engine.Supervision;

/// <summary>Where an execution's process stands, as the engine sees it.</summary>
public enum ExecutionProcessState
{
    Running,
    Paused,
    Exited,
    /// <summary>Never started: bad execution method, missing executable, unusable CPUs.</summary>
    StartFailed,
}

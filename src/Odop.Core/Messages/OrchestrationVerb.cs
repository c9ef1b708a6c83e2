namespace Odop.Core.Messages;

/// <summary>What the agent asks an engine to do with one execution.</summary>
public enum OrchestrationVerb
{
    /// <summary>Run the task on the placement's cores.</summary>
    Start,

    /// <summary>SIGTERM to the process group, a grace period, then SIGKILL.</summary>
    Stop,

    /// <summary>SIGSTOP the process group.</summary>
    Pause,

    /// <summary>SIGCONT the process group.</summary>
    Resume,

    /// <summary>Move a running task to other cores; cheaper than a pause.</summary>
    SetAffinity,
}

namespace Odop.Scheduling.Workflow;

/// <summary>
/// What the gate decided for one round: queued executions to hold back (with the note `odop tasks show`
/// prints), queued ones to skip for good, live ones to stop (failfast), and every group's status.
/// </summary>
public sealed class WorkflowPlan
{
    public Dictionary<string, string> Held { get; } = new(StringComparer.Ordinal);
    public List<(string Id, string Reason)> Skips { get; } = [];
    public List<(string Id, string Reason)> Stops { get; } = [];
    public Dictionary<string, GroupStatus> Groups { get; } = new(StringComparer.Ordinal);
}
